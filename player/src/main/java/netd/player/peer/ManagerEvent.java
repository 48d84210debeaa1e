package netd.player.peer;

import netd.common.wire.HubMessage.PlayerEntry;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.BookData;
import netd.player.core.ManagerView;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the {@link PlayerConnectionManager} learns, one event at a time, on its own thread. */
public sealed interface ManagerEvent {
    /** A connection is set up: outbound with the handshake queued, or inbound awaiting one. */
    record Opened(Peer peer) implements ManagerEvent {
    }

    /** An outbound connection could not be made. */
    record ConnectFailed(PlayerEntry player, String reason) implements ManagerEvent {
    }

    /** A message other than a book. */
    record Message(Peer peer, PeerMessage message) implements ManagerEvent {
    }

    /**
     * A book arrived; {@code verified} says whether its SHA-1 matched the library's. The
     * manager releases it, or passes it on to be written and released.
     */
    record BookArrived(Peer peer, BookData book, boolean verified) implements ManagerEvent {
    }

    record Closed(Peer peer, String reason) implements ManagerEvent {
    }

    /** The book file holds books {@code indices} now. */
    record Written(int[] indices) implements ManagerEvent {
    }

    record WriteFailed(int index, Exception problem) implements ManagerEvent {
    }

    /** The players the hub listed. */
    record HubPlayers(List<PlayerEntry> players) implements ManagerEvent {
    }

    /** An incoming connection was refused for want of room: close an idle link if there is one. */
    record RoomWanted() implements ManagerEvent {
    }

    /** Someone (the web page) wants to see the books and the peers: answer with a {@link ManagerView}. */
    record ViewWanted(CompletableFuture<ManagerView> answer) implements ManagerEvent {
    }

    /** Stop: close every link. */
    record Stop() implements ManagerEvent {
    }
}
