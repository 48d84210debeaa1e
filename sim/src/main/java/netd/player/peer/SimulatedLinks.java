package netd.player.peer;

import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.wire.PeerMessage;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * The simulator's door into the manager's package: peers over simulated links, and the
 * manager's loop body, which the player keeps package-private. Lives in the sim module only.
 */
public final class SimulatedLinks {
    private SimulatedLinks() {
    }

    /** What a simulated link does with what a peer sends on it. */
    public interface Wire {
        void send(PeerMessage message);

        void sendBook(int index, ByteBuffer body);

        /** Closes this end (the manager learns of it as Closed, as from a real link). */
        void close(String reason);

        boolean isOpen();
    }

    /** A peer of {@code role} over {@code wire}; {@code id} is the other player's, known at once for a download link. */
    public static Peer peer(Peer.Role role, InetSocketAddress address, Library library, ManagerInbox inbox, long openedAt,
                            PlayerId id, Wire wire) {
        Peer peer = new Peer(role, address, library, inbox, openedAt);
        peer.playerId = id;
        peer.attach(new Peer.Line() {
            @Override
            public boolean send(PeerMessage message) {
                if (!wire.isOpen()) {
                    return false;
                }
                wire.send(message);
                return true;
            }

            @Override
            public boolean sendFrame(byte[] head, ByteBuffer body) {
                if (!wire.isOpen()) {
                    return false;
                }
                // The head is length (2 or 4 bytes), id (1), index (4): PeerCodec.bookHead.
                wire.sendBook(ByteBuffer.wrap(head).getInt(head.length - Integer.BYTES), body);
                return true;
            }

            @Override
            public void spaceMessages(Duration gap) {
            }

            // The simulated wire's pipes queue without bound: a simulated link never backs up.
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
