package netd.player.peer;

import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.wire.PeerMessage;
import netd.player.core.Role;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * Peers over links that are not sockets, and the manager's loop body, which the player keeps
 * package-private: the one door through which {@code PlayerConnectionManagerTest} (links that
 * record what is sent) and the simulator (links over a simulated network) drive the real
 * {@link PlayerConnectionManager} and its core. Shared in the player's test jar.
 */
public final class SimulatedLinks {
    private SimulatedLinks() {
    }

    /**
     * What a link that is not a socket does with what its peer sends on it. It never backs up
     * (nothing waits to be written), and each message is handed over whole, so a test can
     * assert that nothing is sent once it is closed.
     */
    public interface Wire {
        void send(PeerMessage message);

        void sendBook(int index, ByteBuffer body);

        /** Closes this end; the manager learns of it as Closed, as from a real link ({@link #closed}). */
        void close(String reason);

        boolean isOpen();
    }

    /** A peer of {@code role} over {@code wire}; {@code id} is the other player's, known at once for a download link. */
    public static Peer peer(Role role, InetSocketAddress address, Library library, ManagerInbox inbox, long openedAt,
                            PlayerId id, Wire wire) {
        Peer peer = new Peer(role, address, library, inbox, openedAt);
        peer.playerId = id;
        peer.attach(new Peer.Line() {
            @Override
            public boolean send(PeerMessage message) {
                boolean open = wire.isOpen();
                wire.send(message);
                return open;
            }

            @Override
            public boolean sendFrame(byte[] head, ByteBuffer body) {
                boolean open = wire.isOpen();
                // The head is length (2 or 4 bytes), id (1), index (4): PeerCodec.bookHead.
                wire.sendBook(ByteBuffer.wrap(head).getInt(head.length - Integer.BYTES), body);
                return open;
            }

            @Override
            public void spaceMessages(Duration gap) {
            }

            @Override
            public int queued() {
                return 0;
            }

            @Override
            public long unwrittenBodyBytes() {
                return 0;
            }

            @Override
            public void close(String reason) {
                wire.close(reason);
            }

            @Override
            public boolean isOpen() {
                return wire.isOpen();
            }
        });
        return peer;
    }

    /** Sends {@code message} on {@code peer}'s link, as {@link Connections} queues a dial's handshake. */
    public static void send(Peer peer, PeerMessage message) {
        peer.send(message);
    }

    /** Tells {@code peer}'s manager its link closed, as a real link's owner does. */
    public static void closed(Peer peer, String reason) {
        peer.onClosed(null, reason);
    }

    public static void begin(PlayerConnectionManager manager) {
        manager.begin();
    }

    public static boolean step(PlayerConnectionManager manager, List<ManagerEvent> events) {
        return manager.step(events);
    }
}
