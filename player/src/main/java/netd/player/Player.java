package netd.player;

import netd.common.cli.HashingProgress;
import netd.common.library.BookHasher;
import netd.common.library.HostPort;
import netd.player.book.Book;
import netd.common.link.LinkWatch;
import netd.player.hub.HubCommunication;
import netd.player.peer.Connections;
import netd.player.peer.ManagerInbox;
import netd.player.peer.PlayerConnectionManager;
import netd.player.web.PlayerWeb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.random.RandomGenerator;

/**
 * One running player: it checks the stuff file, listens, joins the hub and swaps books until
 * stopped (or, with {@code --exit-when-done}, until the stuff is complete).
 */
public final class Player {
    private static final Logger log = LoggerFactory.getLogger(Player.class);

    private final PlayerSettings settings;
    private final PrintStream out;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile String failure;

    public Player(PlayerSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /**
     * Runs until the player should end ({@code stopRequested}, completion with
     * --exit-when-done, or a failure); counts {@code stopped} down once everything is closed
     * and the summary printed. Returns normally when it ended well.
     *
     * @throws IOException when the stuff file or the listening socket cannot be had
     */
    public void run(CountDownLatch stopRequested, CountDownLatch stopped) throws IOException, InterruptedException {
        InstantSource clock = InstantSource.system();
        RandomGenerator random = RandomGenerator.getDefault();
        long started = System.nanoTime();
        Book book;
        try (HashingProgress checking = settings.liveLine()
                ? new HashingProgress(System.err, "checking", settings.library().length()) : null) {
            BookHasher.Progress progress = checking == null ? BookHasher.Progress.NONE : checking;
            book = settings.sharedInPlace() ? Book.openForSeeding(settings.stuffPath(), settings.library(), progress)
                    : Book.open(settings.stuffPath(), settings.directory(), settings.library(), progress);
        }
        int held = book.initiallyHeld().cardinality();
        int total = settings.library().bookCount();
        Progress progress = new Progress(settings.library().length(), total);
        progress.held(held, heldBytes(book));
        out.printf("have %d of %d books (%.1f%%)%n", held, total, 100.0 * held / total);
        out.flush();

        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), 128);
        ManagerInbox inbox = new ManagerInbox(4096);
        LinkWatch linkWatch = new LinkWatch("link-watch");
        Connections connections = new Connections(settings.library(), settings.playerId(), inbox, server,
                settings.maxConnections(), linkWatch, clock);
        HubCommunication[] hub = new HubCommunication[1];
        PlayerConnectionManager manager = new PlayerConnectionManager(settings, book, connections, inbox, progress, clock,
                random, new PlayerConnectionManager.Listener() {
                    @Override
                    public void completed() {
                        log.info("complete: all {} books held and verified", total);
                        hub[0].completed();
                    }

                    @Override
                    public void noLongerNeeded() {
                        // Ends once its downloaders have what they asked of it (PlayerTuning.LINGER_MILLIS).
                        if (settings.exitWhenDone()) {
                            finished.countDown();
                        }
                    }

                    @Override
                    public void failed(String reason) {
                        failure = reason;
                        finished.countDown();
                    }

                    @Override
                    public void unreachable(HostPort player) {
                        hub[0].reportUnreachable(player);
                    }

                    @Override
                    public void playersWanted() {
                        hub[0].askForPlayers();
                    }
                });
        Speeds speeds = new Speeds(progress.downloadedBytes(), progress.uploadedBytes(), clock.millis());
        StatusJson statusJson = new StatusJson(settings.playerId(), settings.library(), progress, speeds, clock);
        // Before anything starts: a web port that cannot be had ends the player like its own port.
        PlayerWeb web = settings.webAddress() == null ? null : startWeb(statusJson, progress, speeds, manager, clock);
        int port = server.socket().getLocalPort();
        int announcedPort = settings.announcePort() == 0 ? port : settings.announcePort();
        hub[0] = new HubCommunication(settings.library(), settings.playerId(), announcedPort, progress, settings.maxDownloads(),
                manager::hubPlayers, linkWatch, clock, random);
        log.info("listening on port {}{}; hub {}", port, announcedPort == port ? "" : " (announced as " + announcedPort + ")",
                settings.library().announce());
        book.start(manager);
        manager.start();
        connections.listen();
        hub[0].start();

        if (progress.complete() && settings.exitWhenDone()) {
            finished.countDown();
        }
        Thread.ofVirtual().start(() -> {
            try {
                stopRequested.await();
                finished.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        StatusReporter status = new StatusReporter(progress, speeds, statusJson, clock, settings.statusFile(),
                settings.liveLine() ? System.err : null);
        finished.await();
        try {
            if (web != null) {
                web.close();
            }
            status.close();
            hub[0].stop(Duration.ofSeconds(3));
            manager.stop();
            book.close();
            linkWatch.close();
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "summary: held %d of %d books after %.1f s; downloaded %d bytes (%.1f MiB/s), "
                            + "uploaded %d bytes; %d bad books; %d bytes of books not needed; %d peers met%n",
                    progress.heldBooks(), total, seconds, progress.downloadedBytes(),
                    progress.downloadedBytes() / seconds / (1 << 20), progress.uploadedBytes(), progress.badBooks(),
                    progress.needlessBytes(), progress.peersMet());
            out.flush();
        } finally {
            stopped.countDown();
        }
        if (failure != null) {
            throw new IOException(failure);
        }
    }

    /** Starts the web page and prints its address. */
    private PlayerWeb startWeb(StatusJson statusJson, Progress progress, Speeds speeds, PlayerConnectionManager manager,
                               InstantSource clock) throws IOException {
        PlayerWeb web;
        try {
            web = PlayerWeb.start(settings.webAddress(), statusJson, progress, speeds, manager::view, clock);
        } catch (IOException e) {
            throw new IOException("cannot serve the web page on " + settings.webAddress() + ": " + e.getMessage(), e);
        }
        InetSocketAddress address = web.address();
        String host = address.getAddress().getHostAddress();
        out.printf("web page: http://%s:%d/%n", host.contains(":") ? "[" + host + "]" : host, address.getPort());
        out.flush();
        return web;
    }

    private long heldBytes(Book book) {
        return book.initiallyHeld().stream().mapToLong(settings.library()::bookLength).sum();
    }
}
