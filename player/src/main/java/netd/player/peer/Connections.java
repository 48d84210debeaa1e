package netd.player.peer;

import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.link.Link;
import netd.common.link.LinkSettings;
import netd.common.link.LinkWatch;
import netd.common.link.SocketThreads;
import netd.common.wire.BufferPool;
import netd.common.wire.HubMessage.PlayerEntry;
import netd.common.wire.LengthField;
import netd.common.wire.PeerCodec;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.Handshake;
import netd.player.core.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import static netd.player.PlayerTuning.CONNECT_TIMEOUT;
import static netd.player.PlayerTuning.LINK_QUEUE_MESSAGES;
import static netd.player.PlayerTuning.MAX_IDLE_BOOK_BYTES;

/**
 * Makes peer links: outbound ones to download (connect, queue the handshake) and inbound
 * ones to upload (an accept loop). Each link takes a permit of a semaphore that bounds the
 * player's open connections; the manager gives it back when the link closes. Connecting and
 * accepting run on threads of their own, never on the manager's: platform threads, as every
 * thread of the player that blocks on a socket ({@link SocketThreads}).
 */
public final class Connections implements LinkMaker {
    private static final Logger log = LoggerFactory.getLogger(Connections.class);

    private final Library library;
    private final PlayerId ourId;
    private final ManagerInbox inbox;
    /** Settings of the links this player opens to download, and of those it accepts to upload: on a netd library they read different first frames. */
    private final LinkSettings downloadLinks;
    private final LinkSettings uploadLinks;
    /** One pool of book buffers for every link: books move between links' readers and the file. */
    private final PeerCodec codec;
    private final Semaphore slots;
    private final ServerSocketChannel server;
    private final LinkWatch linkWatch;
    private final java.time.InstantSource clock;

    public Connections(Library library, PlayerId ourId, ManagerInbox inbox, ServerSocketChannel server, int maxConnections,
                       LinkWatch linkWatch, java.time.InstantSource clock) {
        this.library = library;
        this.ourId = ourId;
        this.inbox = inbox;
        this.server = server;
        this.linkWatch = linkWatch;
        this.clock = clock;
        this.slots = new Semaphore(maxConnections);
        // Frames bounded by the book size; room for thousands of small haves behind a slow
        // reader; keep-alives every 2 minutes and 5 silent minutes close a link (BitTorrent's
        // habits); platform threads, because a player's few links are busy (LinkSettings).
        // On a netd library every frame but the downloader's handshake has a 4-byte length
        // (PROTOCOL-EXTENSIONS.md §4), and its bitfield may be longer than a book.
        LengthField lengths = PeerCodec.lengthsAfterHandshake(library);
        int maxFrame = library.netd() ? PeerCodec.maxFrameLength(library.bookSize(), library.bookCount())
                : PeerCodec.maxFrameLength(library.bookSize());
        this.downloadLinks = new LinkSettings(maxFrame, LINK_QUEUE_MESSAGES, Duration.ofMinutes(2), Duration.ofMinutes(5), 64 * 1024, true,
                lengths, lengths);
        this.uploadLinks = downloadLinks.withLengthsIn(LengthField.SHORT, lengths);
        // Books take at most half as much memory outside the heap as the heap's maximum, which is
        // the JVM's limit on that memory unless -XX:MaxDirectMemorySize sets another; the rest is
        // the links' own buffers (128 KiB a link) and the JDK's. A player with a small heap
        // (-Xmx16m) ran out of it in a swarm of three: the books waiting to be written (up to
        // 32 MiB, Downloading) and those in the manager's queue were more; its links' readers
        // failed, and it hung at 94%.
        int bufferSize = PeerCodec.maxFrameLength(library.bookSize()) - 1;
        long maxBuffers = Runtime.getRuntime().maxMemory() / 2 / bufferSize;
        this.codec = PeerCodec.pooling(new BufferPool(bufferSize, Math.max(1, MAX_IDLE_BOOK_BYTES / library.bookSize()),
                Math.clamp(maxBuffers, 1, Integer.MAX_VALUE)), lengths);
    }

    /** Starts the accept loop. */
    public void listen() {
        SocketThreads.builder().name("listener").start(this::acceptLoop);
    }

    @Override
    public int port() {
        return server.socket().getLocalPort();
    }

    /** Connects to {@code player} to download from it; reports Opened or ConnectFailed. */
    @Override
    public boolean connect(PlayerEntry player, InetSocketAddress address) {
        if (!slots.tryAcquire()) {
            return false;
        }
        SocketThreads.builder().name("connect " + address).start(() -> {
            SocketChannel socket = null;
            try {
                socket = SocketChannel.open();
                // The channel's own connect has no timeout; its socket's does.
                socket.socket().connect(address, (int) CONNECT_TIMEOUT.toMillis());
            } catch (IOException e) {
                if (socket != null) {
                    closeQuietly(socket);
                }
                slots.release();
                inbox.postAlways(new ManagerEvent.ConnectFailed(player, e.getMessage() == null ? e.toString() : e.getMessage()));
                return;
            }
            Peer peer = new Peer(Role.DOWNLOAD, address, library, inbox, clock.millis());
            peer.playerId = player.playerId();
            Link<PeerMessage> link = open(socket, peer);
            link.send(new Handshake(ourId, library.infoHash()));
            start(peer, link);
        });
        return true;
    }

    @Override
    public int freeSlots() {
        return slots.availablePermits();
    }

    @Override
    public void released() {
        slots.release();
    }

    @Override
    public void close() {
        closeQuietly(server);
    }

    private void acceptLoop() {
        // Connections refused since the last one accepted: a flood is reported in two lines, not one per attempt.
        int refused = 0;
        while (server.isOpen()) {
            SocketChannel socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.warn("accepting connections failed: {}", e.getMessage());
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                if (refused++ == 0) {
                    log.info("every connection slot is taken: refusing new connections until one frees");
                }
                log.debug("refused a connection from {}: every connection slot is taken", socket.socket().getRemoteSocketAddress());
                closeQuietly(socket);
                inbox.postAlways(new ManagerEvent.RoomWanted());
                continue;
            }
            if (refused > 0) {
                log.info("accepting connections again after refusing {}", refused);
                refused = 0;
            }
            Peer peer = new Peer(Role.UPLOAD, (InetSocketAddress) socket.socket().getRemoteSocketAddress(), library, inbox,
                    clock.millis());
            start(peer, open(socket, peer));
        }
    }

    private Link<PeerMessage> open(SocketChannel socket, Peer peer) {
        Link<PeerMessage> link = Link.over(socket, codec, peer,
                peer.role() == Role.DOWNLOAD ? downloadLinks : uploadLinks, linkWatch);
        peer.attach(Peer.Line.of(link));
        return link;
    }

    /** Announces the peer to the manager before its link reads anything, so Opened comes first. */
    private void start(Peer peer, Link<PeerMessage> link) {
        inbox.postAlways(new ManagerEvent.Opened(peer));
        link.start();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // nothing more to do with a socket we are giving up on
        }
    }
}
