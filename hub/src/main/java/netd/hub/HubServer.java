package netd.hub;

import netd.common.link.Link;
import netd.common.link.LinkWatch;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Accepts player connections, each served by a {@link HubPlayer}, up to the connection limit. */
public final class HubServer {
    private static final Logger log = LoggerFactory.getLogger(HubServer.class);
    /** Connections waiting to be accepted: thousands of players may connect at once after a restart. */
    private static final int BACKLOG = 4096;

    private final HubSettings settings;
    private final HubLibrary library;
    private final ServerSocketChannel serverChannel;
    private final Map<Long, HubPlayer> open = new ConcurrentHashMap<>();
    private final LinkWatch linkWatch = new LinkWatch("hub-link-watch");
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread acceptor;
    private boolean warnedAtLimit;

    private HubServer(HubSettings settings, HubLibrary library, ServerSocketChannel serverChannel) {
        this.settings = settings;
        this.library = library;
        this.serverChannel = serverChannel;
        this.acceptor = Thread.ofPlatform().name("hub-accept").unstarted(this::acceptLoop);
    }

    /**
     * Listens and starts accepting.
     *
     * @throws IOException when the address cannot be listened on (the port is in use)
     */
    public static HubServer start(HubSettings settings, HubLibrary library) throws IOException {
        ServerSocketChannel serverChannel = ServerSocketChannel.open();
        try {
            serverChannel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            serverChannel.bind(settings.address(), BACKLOG);
        } catch (IOException e) {
            serverChannel.close();
            throw e;
        }
        HubServer server = new HubServer(settings, library, serverChannel);
        library.start();
        server.acceptor.start();
        return server;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.socket().getLocalSocketAddress();
    }

    /** Stops accepting, closes every connection and stops the library. Returns false when already stopped. */
    public boolean stop() throws InterruptedException {
        if (!stopped.compareAndSet(false, true)) {
            return false;
        }
        try {
            serverChannel.close();
        } catch (IOException e) {
            log.debug("closing the listening socket failed: {}", e.toString());
        }
        acceptor.join();
        open.values().forEach(player -> player.close("the hub is stopping"));
        linkWatch.close();
        library.stop();
        return true;
    }

    /** Waits until the hub stops accepting: it was stopped, or accepting failed. */
    public void awaitStop() throws InterruptedException {
        acceptor.join();
    }

    private void acceptLoop() {
        while (!stopped.get()) {
            SocketChannel socket;
            try {
                socket = serverChannel.accept();
            } catch (IOException e) {
                if (!stopped.get()) {
                    log.error("accepting connections failed, the hub stops: {}", e.getMessage());
                }
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
        long id = connectionIds.incrementAndGet();
        HubPlayer player = new HubPlayer(id, library, settings, () -> open.remove(id));
        open.put(id, player);
        player.start(Link.over(socket, HubCodec.INSTANCE, player, settings.linkSettings(), linkWatch));
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

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("closing a socket failed: {}", e.toString());
        }
    }
}
