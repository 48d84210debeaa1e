package netd.hub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hub's network: one thread and one selector serve every player connection, each a
 * {@link HubPlayer}, up to the connection limit, and run the {@link HubLibrary} between
 * reads. A notify is read, decided and answered on this thread without a hand-off: the
 * two threads and the queue per connection that players' links use cost the hub more than
 * the deciding (measured with JFR: docs/hub-performance.md).
 */
public final class HubServer {
    private static final Logger log = LoggerFactory.getLogger(HubServer.class);
    /** Connections waiting to be accepted: thousands of players may connect at once after a restart. */
    private static final int BACKLOG = 4096;
    /** One read of one connection at most: a few hundred notifies, so a busy player cannot starve the others. */
    private static final int READ_BUFFER = 64 * 1024;
    /** How often idle connections are closed and keep-alives sent. */
    private static final long KEEP_TIME_ROUND = Duration.ofSeconds(1).toNanos();

    private final HubSettings settings;
    private final HubLibrary library;
    private final ServerSocketChannel serverChannel;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    /** Touched by the hub's thread only. */
    private final Map<Long, HubPlayer> open = new HashMap<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread thread;
    private long connectionIds;
    private boolean warnedAtLimit;

    private HubServer(HubSettings settings, HubLibrary library, ServerSocketChannel serverChannel, Selector selector) {
        this.settings = settings;
        this.library = library;
        this.serverChannel = serverChannel;
        this.selector = selector;
        this.thread = Thread.ofPlatform().name("hub").unstarted(this::run);
    }

    /**
     * Listens and starts serving.
     *
     * @throws IOException when the address cannot be listened on (the port is in use)
     */
    public static HubServer start(HubSettings settings, HubLibrary library) throws IOException {
        ServerSocketChannel serverChannel = ServerSocketChannel.open();
        Selector selector;
        try {
            serverChannel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            serverChannel.bind(settings.address(), BACKLOG);
            serverChannel.configureBlocking(false);
            selector = Selector.open();
            serverChannel.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            serverChannel.close();
            throw e;
        }
        HubServer server = new HubServer(settings, library, serverChannel, selector);
        library.attach(selector::wakeup);
        server.thread.start();
        return server;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.socket().getLocalSocketAddress();
    }

    /** Stops serving and closes every connection. Returns false when already stopped. */
    public boolean stop() throws InterruptedException {
        if (!stopped.compareAndSet(false, true)) {
            return false;
        }
        selector.wakeup();
        thread.join();
        return true;
    }

    /** Waits until the hub stops serving: it was stopped, or its network failed. */
    public void awaitStop() throws InterruptedException {
        thread.join();
    }

    private void run() {
        long idleNanos = settings.idleTimeout().toNanos();
        long keepAliveNanos = settings.keepAliveInterval().toNanos();
        try {
            long nextKeepTime = System.nanoTime() + KEEP_TIME_ROUND;
            while (!stopped.get()) {
                library.awaitRoom(KEEP_TIME_ROUND / 1_000_000);
                long untilExpiry = library.expireWhenDue();
                selector.select(this::ready, Math.min(untilExpiry, KEEP_TIME_ROUND / 1_000_000));
                library.answerAnnounces();
                library.runPosted();
                long now = System.nanoTime();
                if (now >= nextKeepTime) {
                    new ArrayList<>(open.values()).forEach(player -> player.keepTime(now, idleNanos, keepAliveNanos));
                    nextKeepTime = now + KEEP_TIME_ROUND;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            if (!stopped.get()) {
                log.error("serving connections failed, the hub stops: {}", e.getMessage());
            }
        } catch (InterruptedException e) {
            log.error("the hub's thread was interrupted: the hub stops");
        } finally {
            closeEverything();
        }
    }

    private void ready(SelectionKey key) {
        if (key.attachment() instanceof HubPlayer player) {
            if (key.isReadable()) {
                player.read(readBuffer, System.nanoTime());
            }
            if (player.isOpen() && key.isWritable()) {
                player.flush();
            }
        } else if (key.isAcceptable()) {
            acceptWaiting();
        }
    }

    /** Accepts every connection waiting. */
    private void acceptWaiting() {
        while (true) {
            SocketChannel socket;
            try {
                socket = serverChannel.accept();
            } catch (IOException e) {
                throw new UncheckedIOException("accepting connections failed: " + e.getMessage(), e);
            }
            if (socket == null) {
                return;
            }
            serve(socket);
        }
    }

    private void serve(SocketChannel socket) {
        if (open.size() >= settings.maxConnections()) {
            refuse(socket);
            return;
        }
        warnedAtLimit = false;
        long id = ++connectionIds;
        try {
            socket.configureBlocking(false);
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey key = socket.register(selector, SelectionKey.OP_READ);
            HubPlayer player = new HubPlayer(id, socket, key, library, () -> open.remove(id), System.nanoTime());
            key.attach(player);
            open.put(id, player);
            library.connectionOpened();
        } catch (IOException e) {
            log.debug("a connection failed as it was accepted: {}", e.toString());
            closeQuietly(socket);
        }
    }

    /** Over the limit: the connection is closed at once; the first refusal of a run is worth a warning. */
    private void refuse(SocketChannel socket) {
        if (!warnedAtLimit) {
            log.warn("{} connections are open, the limit (--max-connections): closing new ones until some close",
                    open.size());
            warnedAtLimit = true;
        }
        log.debug("refused a connection from {}: at the connection limit", socket.socket().getRemoteSocketAddress());
        closeQuietly(socket);
    }

    private void closeEverything() {
        new ArrayList<>(open.values()).forEach(player -> player.close("the hub is stopping"));
        library.runPosted();
        closeQuietly(serverChannel);
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing the selector failed: {}", e.toString());
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            log.debug("closing a socket failed: {}", e.toString());
        }
    }
}
