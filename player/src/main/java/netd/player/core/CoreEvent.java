package netd.player.core;

import netd.common.id.PlayerId;
import netd.common.wire.HubMessage.PlayerEntry;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.BookData;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What the {@link PlayerCore} is told, one event at a time, with the time beside it. A link
 * is named by whatever the caller uses for it ({@code L}): the manager's {@link netd.player.peer.Peer}, a
 * fuzz target's or a simulator's own object; the core never calls it, only keys on it.
 */
public sealed interface CoreEvent<L> {
    /** The player begins: rounds and ticks count from now. */
    record Started<L>() implements CoreEvent<L> {
    }

    /**
     * A link is set up: outbound ({@link Role#DOWNLOAD}, to the listed player {@code playerId},
     * its handshake queued) or inbound ({@link Role#UPLOAD}, {@code playerId} null until its handshake).
     */
    record Opened<L>(L link, Role role, InetSocketAddress address, PlayerId playerId, long openedAt)
            implements CoreEvent<L> {
    }

    /** A dial could not reach {@code player}. */
    record DialFailed<L>(PlayerEntry player, String reason) implements CoreEvent<L> {
    }

    /** A dial asked for found no free slot after all (another link took it meanwhile): nothing was dialled. */
    record DialRefused<L>(PlayerEntry player) implements CoreEvent<L> {
    }

    /** A message other than a book. */
    record Received<L>(L link, PeerMessage message) implements CoreEvent<L> {
    }

    /** A book arrived; {@code verified} says whether its SHA-1 matched the library's. */
    record BookArrived<L>(L link, BookData book, boolean verified) implements CoreEvent<L> {
    }

    /** The link closed (reported once or more: only the first counts). */
    record Closed<L>(L link, String reason) implements CoreEvent<L> {
    }

    /** The book file holds books {@code indices} now. */
    record Written<L>(int[] indices) implements CoreEvent<L> {
    }

    record WriteFailed<L>(int index, Exception problem) implements CoreEvent<L> {
    }

    /** The players the hub listed. */
    record HubListed<L>(List<PlayerEntry> players) implements CoreEvent<L> {
    }

    /** An incoming connection was refused for want of room: close an idle link if there is one. */
    record RoomWanted<L>() implements CoreEvent<L> {
    }

    /** Time passed: serve the requests whose turn has come and, once a tick is due, tick. */
    record TimePassed<L>() implements CoreEvent<L> {
    }

    /** Stop: close every link and take no new ones. */
    record Stop<L>() implements CoreEvent<L> {
    }
}
