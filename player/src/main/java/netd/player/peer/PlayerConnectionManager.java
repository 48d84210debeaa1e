package netd.player.peer;

import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.wire.HubMessage.PlayerEntry;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.Bitfield;
import netd.common.wire.PeerMessage.BookData;
import netd.common.wire.PeerMessage.Choke;
import netd.common.wire.PeerMessage.Have;
import netd.common.wire.PeerMessage.NotInterested;
import netd.common.wire.PeerMessage.Unchoke;
import netd.player.PlayerSettings;
import netd.player.Progress;
import netd.player.book.BookStore;
import netd.player.book.BookListener;
import netd.player.choke.ChokingRounds;
import netd.player.choke.UnchokeChooser;
import netd.player.pick.BookPicker;
import netd.player.upload.ServeQueue;
import netd.player.upload.TokenBucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * Owns this player's peers: which players to connect to, which book to request from whom,
 * whom to unchoke. It consumes its own {@link ManagerInbox} on its own thread and is the
 * only code that touches peer state; the choices themselves are made by {@link Downloading}
 * (what to do with what uploaders say, over a {@link BookPicker}), {@link Uploading} (what to
 * do with what downloaders say) and {@link UnchokeChooser}.
 */
public final class PlayerConnectionManager implements BookListener {
    private static final Logger log = LoggerFactory.getLogger(PlayerConnectionManager.class);

    /** A link quiet this long may be closed to make room for another when every slot is taken. */
    static final long IDLE_MILLIS = Duration.ofSeconds(60).toMillis();
    static final long TICK_MILLIS = 1000;
    static final int MAX_WRITE_FAILURES = 10;

    /** What the manager tells the rest of the player. */
    public interface Listener {
        /** Every book is held and verified. */
        void completed();

        /** The player cannot go on (the disk refuses writes). */
        void failed(String reason);

        /** A player the hub listed cannot be reached (for the hub's {@code player invalid address}). */
        void unreachable(HostPort player);

        /** A player the hub has not listed connected to download: ask the hub for its list again. */
        void playersWanted();
    }

    private final PlayerSettings settings;
    private final Library library;
    private final BookStore book;
    private final LinkMaker connections;
    private final ManagerInbox inbox;
    private final Progress progress;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final Listener listener;
    private final BookPicker picker;
    private final Downloading downloading;
    private final Uploading uploading;
    private final ChokingRounds<Peer> choking;
    private final long chokeRoundMillis;

    /** In the order they opened, so the same events give the same choices run after run (the simulator's seeds). */
    private final Set<Peer> peers = new LinkedHashSet<>();
    private final Map<PlayerId, Peer> downloads = new HashMap<>();
    /** Every player met in this run (for the summary). */
    private final Set<PlayerId> met = new HashSet<>();
    private final Bans bans = new Bans();
    private final Dialing dialing;
    private long nextRoundAt;
    private long nextTick;
    private int writeFailures;
    private boolean completeAnnounced;
    private final Thread thread;

    public PlayerConnectionManager(PlayerSettings settings, BookStore book, LinkMaker connections, ManagerInbox inbox,
                                   Progress progress, InstantSource clock, RandomGenerator random, Listener listener) {
        this.settings = settings;
        this.library = settings.library();
        this.book = book;
        this.connections = connections;
        this.inbox = inbox;
        this.progress = progress;
        this.clock = clock;
        this.random = random;
        this.listener = listener;
        this.picker = new BookPicker(library.bookCount(), book.initiallyHeld());
        this.downloading = new Downloading(picker, Downloading.maxUnwritten(library.bookSize()), clock, random);
        this.uploading = new Uploading(library, settings.playerId(), picker, settings.maxUploads(),
                settings.maxUploadRate() > 0 ? new TokenBucket(settings.maxUploadRate(), clock.millis()) : null,
                bans::isBanned, random);
        this.dialing = new Dialing(settings.playerId(), settings.maxDownloads(), bans, random);
        this.choking = new ChokingRounds<>(settings.maxUploads(), settings.chokeInterval(), clock);
        this.chokeRoundMillis = settings.chokeInterval().toMillis();
        this.thread = Thread.ofPlatform().name("connection-manager").unstarted(this::run);
    }

    public void start() {
        begin();
        thread.start();
    }

    /** What {@link #start} does before the thread runs: a test that drives the manager itself calls it. */
    void begin() {
        completeAnnounced = picker.isComplete();
        nextRoundAt = clock.millis() + chokeRoundMillis;
        nextTick = clock.millis() + TICK_MILLIS;
    }

    /** The hub's latest list of players. */
    public void hubPlayers(List<PlayerEntry> players) {
        inbox.postAlways(new ManagerEvent.HubPlayers(players));
    }

    /**
     * What the manager sees now: the books held and being downloaded, and every peer. Taken
     * on the manager's thread between two events, so it is consistent and touches no state
     * from another thread; the answer is ready once the events queued before are handled.
     */
    public CompletableFuture<ManagerView> view() {
        CompletableFuture<ManagerView> answer = new CompletableFuture<>();
        inbox.postAlways(new ManagerEvent.ViewWanted(answer));
        return answer;
    }

    /** Closes every link and ends the manager's thread. */
    public void stop() throws InterruptedException {
        inbox.postAlways(new ManagerEvent.Stop());
        thread.join();
    }

    @Override
    public void written(int[] indices) {
        inbox.postAlways(new ManagerEvent.Written(indices));
    }

    @Override
    public void writeFailed(int index, Exception problem) {
        inbox.postAlways(new ManagerEvent.WriteFailed(index, problem));
    }

    private void run() {
        try {
            List<ManagerEvent> events = new ArrayList<>();
            while (true) {
                events.clear();
                long now = clock.millis();
                long wake = Math.min(nextTick - now, uploading.millisUntilNextServe(now));
                inbox.takeAll(Math.max(0, wake) * 1_000_000L, events);
                if (!step(events)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAll();
        } catch (RuntimeException e) {
            log.error("the connection manager failed", e);
            closeAll();
            listener.failed("internal error: " + e);
        }
    }

    /**
     * One turn of the manager's loop: handles {@code events} in order, serves what waits and,
     * when its time has come, ticks. False once a Stop was handled: every link is closed.
     */
    boolean step(List<ManagerEvent> events) {
        for (ManagerEvent event : events) {
            if (event instanceof ManagerEvent.Stop) {
                closeAll();
                return false;
            }
            handle(event);
        }
        serveWaiting();
        if (clock.millis() >= nextTick) {
            tick();
            nextTick = clock.millis() + TICK_MILLIS;
        }
        return true;
    }

    private void handle(ManagerEvent event) {
        switch (event) {
            case ManagerEvent.Opened opened -> opened(opened.peer());
            case ManagerEvent.ConnectFailed failed -> connectFailed(failed.player(), failed.reason());
            case ManagerEvent.Message message -> {
                if (isLive(message.peer())) {
                    received(message.peer(), message.message());
                }
            }
            case ManagerEvent.BookArrived arrived -> {
                if (isLive(arrived.peer())) {
                    bookArrived(arrived.peer(), arrived.book(), arrived.verified());
                } else {
                    arrived.book().release();
                }
            }
            case ManagerEvent.Closed closed -> closed(closed.peer(), closed.reason());
            case ManagerEvent.Written written -> {
                for (int index : written.indices()) {
                    bookWritten(index);
                }
            }
            case ManagerEvent.WriteFailed failed -> bookWriteFailed(failed.index(), failed.problem());
            case ManagerEvent.HubPlayers hub -> hubListed(hub.players());
            case ManagerEvent.RoomWanted room -> closeIdlest();
            case ManagerEvent.ViewWanted wanted -> wanted.answer().complete(ManagerView.of(picker, peers));
            case ManagerEvent.Stop stop -> throw new IllegalStateException("handled by the loop");
        }
    }

    /**
     * Whether what {@code peer} sent still counts: not once its link is closed (banned, dropped),
     * though the rest of the batch its reader passed on may still be waiting to be handled.
     */
    private boolean isLive(Peer peer) {
        return peers.contains(peer) && peer.isOpen();
    }

    // ---- connections ----

    private void opened(Peer peer) {
        peers.add(peer);
        progress.peers(peers.size());
        if (peer.role() == Peer.Role.DOWNLOAD) {
            dialing.opened(peer.playerId);
            downloads.put(peer.playerId, peer);
            peer.spaceMessagesIfOriginal();
            peer.uploader = downloading.opened(peer, peer.pipelineLimit(settings.pipelineDepth()));
            meet(peer.playerId);
            log.info("connected to {} to download", peer);
        } else {
            peer.downloader = uploading.opened(peer, peer.openedAt());
            log.debug("connection from {}", peer.address());
        }
    }

    private void meet(PlayerId id) {
        if (met.add(id)) {
            progress.metPeer();
        }
    }

    private void connectFailed(PlayerEntry player, String reason) {
        long delay = dialing.dialFailed(player.playerId(), clock.millis());
        log.info("could not connect to {} at {}:{}: {}; next try in {} s", player.playerId(), player.ip(), player.port(),
                reason, delay / 1000);
        listener.unreachable(new HostPort(player.ip(), (int) player.port()));
        // Try the next listed player now, not at the next tick: a hub listing hundreds of dead
        // players would otherwise hold this one to 8 attempts a second before it finds a live one.
        connectMore();
    }

    /** Every slot is taken: close the link that has been quiet longest, if one has been quiet a while. */
    private void closeIdlest() {
        long now = clock.millis();
        Peer idlest = null;
        for (Peer peer : peers) {
            if (now - peer.lastActivity >= IDLE_MILLIS && (idlest == null || peer.lastActivity < idlest.lastActivity)) {
                idlest = peer;
            }
        }
        if (idlest != null) {
            idlest.close("idle for " + (now - idlest.lastActivity) / 1000 + " s; its slot is wanted");
        }
    }

    /** Closes the download links that have stalled ({@link StallWatch}), so that they are dialled afresh. */
    private void closeStalled(long now) {
        for (Peer peer : List.copyOf(downloads.values())) {
            long patience = StallWatch.patience(peer.uploader.pace.timeoutMillis());
            if (peer.stall.stalled(!peer.uploader.outstanding.isEmpty(), peer.lastActivity, now, patience)) {
                String reason = "stalled: asked, and nothing received for " + (now - peer.lastActivity) / 1000 + " s";
                peer.close(reason);
                // Closed at once, so that nothing more is asked of it; its Closed event then finds it gone.
                closed(peer, reason);
            }
        }
    }

    private void closed(Peer peer, String reason) {
        if (!peers.remove(peer)) {
            return;
        }
        progress.peers(peers.size());
        connections.released();
        if (peer.role() == Peer.Role.DOWNLOAD) {
            downloads.remove(peer.playerId, peer);
            downloading.closed(peer.uploader);
            dialing.closed(peer.playerId, picker.isComplete(), clock.millis());
            log.info("disconnected from {} (downloading): {}", peer, reason);
        } else {
            choking.closed(peer);
            uploading.closed(peer.downloader, reason);
            if (peer.downloader.handshakeDone) {
                dialing.downloaderClosed(peer.playerId);
            }
        }
    }

    private void closeAll() {
        connections.close();
        for (Peer peer : List.copyOf(peers)) {
            peer.close("this player is stopping");
        }
    }

    /** Closes {@code peer} and refuses it from now on, by id and by address. */
    private void ban(Peer peer, String reason) {
        bans.ban(peer.playerId, peer.address());
        log.warn("banned {}: {}", peer, reason);
        peer.close("banned: " + reason);
    }

    private void hubListed(List<PlayerEntry> players) {
        dialing.hubListed(PlayerAddresses.usableOn(settings.library(), players), connections.port());
        connectMore();
    }

    /** Opens download links to listed players until {@code maxDownloads} are open or being opened. */
    private void connectMore() {
        if (picker.isComplete()) {
            return;
        }
        for (PlayerEntry entry : dialing.candidates(clock.millis())) {
            if (!dialing.roomToDial(entry.playerId())) {
                return;
            }
            if (!connections.connect(entry, PlayerAddresses.usable(entry))) {
                closeIdlest();
                return;
            }
            dialing.dialled(entry.playerId());
        }
    }

    // ---- messages ----

    private void received(Peer peer, PeerMessage message) {
        peer.lastActivity = clock.millis();
        if (peer.role() == Peer.Role.DOWNLOAD) {
            receivedFromUploader(peer, message);
        } else {
            receivedFromDownloader(peer, message);
        }
    }

    private void receivedFromUploader(Peer peer, PeerMessage message) {
        switch (message) {
            case Bitfield bitfield -> downloading.bitfield(peer.uploader, bitfield);
            case Have have -> downloading.have(peer.uploader, have.index());
            case Unchoke unchoke -> downloading.unchoked(peer.uploader);
            case Choke choke -> downloading.choked(peer.uploader);
            default -> log.debug("{} sent {} on a download connection; ignored", peer, message);
        }
    }

    private void receivedFromDownloader(Peer peer, PeerMessage message) {
        if (uploading.received(peer.downloader, message)) {
            meet(peer.playerId);
            dialing.downloaderOpened(peer.playerId);
            if (!picker.isComplete() && !dialing.knows(peer.playerId)) {
                // It joined after the hub's last answer, and may soon have books this player lacks.
                listener.playersWanted();
            }
        }
    }

    // ---- downloading ----

    /** Passes a new, verified book to be written; releases every other (see {@link BookData#release}). */
    private void bookArrived(Peer peer, BookData arrived, boolean verified) {
        if (consumeArrival(peer, arrived, verified)) {
            book.write(arrived);
        } else {
            arrived.release();
        }
    }

    /** Counts what {@code arrived} says of its uploader, and whether it is a book to write. */
    private boolean consumeArrival(Peer peer, BookData arrived, boolean verified) {
        if (peer.role() != Peer.Role.DOWNLOAD) {
            peer.close("sent a book on a connection where it downloads");
            return false;
        }
        peer.lastActivity = clock.millis();
        Downloading.Arrival arrival = downloading.bookArrived(peer.uploader, arrived.index(), verified);
        if (arrival == Downloading.Arrival.UNASKED) {
            return false;
        }
        peer.bytesReceived += arrived.length();
        switch (arrival) {
            case BAD -> progress.badBook();
            case BAD_TOO_OFTEN -> {
                progress.badBook();
                ban(peer, "sent " + peer.uploader.badBooks.size() + " books that failed their SHA-1 check (books "
                        + peer.uploader.badBooks + ")");
            }
            case COPY -> dialing.delivered(peer.playerId, clock.millis());
            case NEW -> {
                dialing.delivered(peer.playerId, clock.millis());
                progress.downloaded(arrived.length());
                return true;
            }
            case UNASKED -> throw new IllegalStateException("returned above");
        }
        return false;
    }

    private void bookWritten(int index) {
        downloading.written(index);
        progress.held(1, library.bookLength(index));
        uploading.written(index);
        if (picker.isComplete()) {
            completed();
        }
    }

    private void completed() {
        if (completeAnnounced) {
            return;
        }
        completeAnnounced = true;
        for (Peer peer : List.copyOf(downloads.values())) {
            peer.send(new NotInterested());
            peer.close("download complete");
        }
        listener.completed();
    }

    private void bookWriteFailed(int index, Exception problem) {
        writeFailures++;
        log.error("writing book {} failed: {}", index, problem.getMessage());
        if (writeFailures >= MAX_WRITE_FAILURES) {
            listener.failed("the stuff file refuses writes: " + problem.getMessage());
        }
        downloading.writeFailed(index);
    }

    // ---- uploading ----

    /**
     * Sends the books whose turn it is, as fast as --max-upload-rate lets them go, each as a
     * view of the file: queuing one on its link copies nothing and wakes no other thread.
     */
    private void serveWaiting() {
        ServeQueue.Serve<Downloader> next;
        while ((next = uploading.nextServe(clock.millis())) != null) {
            // The manager's downloaders all speak through their Peer.
            Peer peer = (Peer) next.downloader().wire;
            ByteBuffer view = book.view(next.index());
            int length = view.remaining();
            if (peer.sendBook(next.index(), view)) {
                peer.bytesSent += length;
                progress.uploaded(length);
            }
        }
    }

    /**
     * Every round: tit-for-tat on the rates of the last two rounds, and the optimistic
     * unchoke's turn; a seeder lets its downloaders take turns instead.
     */
    private void chokingRound() {
        boolean seeding = picker.isComplete();
        List<UnchokeChooser.Candidate<Peer>> candidates = new ArrayList<>();
        for (Peer peer : peers) {
            peer.receiving.roundEnded(peer.bytesReceived);
            peer.sending.roundEnded(peer.bytesSent);
        }
        for (Peer peer : peers) {
            if (peer.role() == Peer.Role.UPLOAD && peer.downloader.handshakeDone) {
                Peer uploaderSide = downloads.get(peer.playerId);
                long rate = seeding ? peer.sending.perRound()
                        : uploaderSide == null ? 0 : uploaderSide.receiving.perRound();
                candidates.add(new UnchokeChooser.Candidate<>(peer, peer.downloader.interestedInUs, rate,
                        peer.downloader.weUnchoke));
            }
        }
        UnchokeChooser.Choice<Peer> choice = choking.next(candidates, seeding, random);
        for (UnchokeChooser.Candidate<Peer> candidate : candidates) {
            if (choice.unchoke().contains(candidate.key())) {
                uploading.unchoke(candidate.key().downloader);
            } else {
                uploading.choke(candidate.key().downloader);
            }
        }
    }

    private void tick() {
        long now = clock.millis();
        uploading.expireHandshakes(now);
        uploading.offerSated();
        closeStalled(now);
        downloading.expireRequests(now);
        if (now >= nextRoundAt) {
            chokingRound();
            nextRoundAt = now + chokeRoundMillis;
        }
        connectMore();
        downloading.fillAll();
    }
}
