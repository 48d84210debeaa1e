package netd.player.core;

import netd.common.wire.PeerMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The actions the {@link PlayerCore} answers one event with, and what they will add to each
 * link once carried out: until then the core counts its own sends into a link's backlog, so
 * that a burst of books it decides in one turn stops at the same bound as when each went out
 * at once ({@link Uploading}'s room for a book).
 *
 * <p>A caller whose links take a message at once may have what goes on a link (sends, spacing)
 * carried out as soon as it is decided, rather than at the end of the turn: a turn that serves
 * a hundred books then has the first on its way while it decides the next, as before there was
 * a core. The rest still waits in the turn's list.
 */
final class Outbox<L> {
    private final LinkGauge<L> gauge;
    /** The turn's actions; null while there are none (most turns of a busy link have none but sends). */
    private List<CoreAction<L>> actions;
    /** This turn's carrier of what goes on a link, or null to list it with the rest. */
    private Consumer<CoreAction<L>> onLinks;
    /** Links sent to in this turn, whose counts start over with the next. */
    private final List<Remote<L>> touched = new ArrayList<>();
    /** Dials asked for in this turn: each takes a free slot once carried out. */
    private int connects;

    Outbox(LinkGauge<L> gauge) {
        this.gauge = gauge;
    }

    /**
     * Starts a turn: what the last one asked for has been carried out.
     *
     * @param onLinks carries out each send and spacing as it is decided; null lists them with the rest
     */
    void begin(Consumer<CoreAction<L>> onLinks) {
        this.onLinks = onLinks;
        actions = null;
        carriedOut();
    }

    /**
     * What the last turn asked for has been carried out: the links' own counts include it now.
     * (Counted on after the turn, a link whose writer drained meanwhile would look backed up
     * until the next event, and a request waiting for it would wait for a recheck.)
     */
    void carriedOut() {
        for (Remote<L> remote : touched) {
            remote.pendingMessages = 0;
            remote.pendingBookBytes = 0;
        }
        touched.clear();
        connects = 0;
    }

    /** The turn's actions, in order (without those already carried out on their links). */
    List<CoreAction<L>> actions() {
        return actions == null ? List.of() : actions;
    }

    void add(CoreAction<L> action) {
        if (action instanceof CoreAction.Connect<L>) {
            connects++;
        }
        if (onLinks != null && action instanceof CoreAction.SpaceMessages<L>) {
            onLinks.accept(action);
        } else {
            list(action);
        }
    }

    private void list(CoreAction<L> action) {
        if (actions == null) {
            actions = new ArrayList<>();
        }
        actions.add(action);
    }

    private void onLink(CoreAction<L> action) {
        if (onLinks != null) {
            onLinks.accept(action);
        } else {
            list(action);
        }
    }

    /** Queues {@code message} for {@code remote}; false when its link is closed (or closing in this turn). */
    boolean send(Remote<L> remote, PeerMessage message) {
        if (remote.closing || !gauge.isOpen(remote.link)) {
            return false;
        }
        count(remote, 0);
        onLink(new CoreAction.Send<>(remote.link, message));
        return true;
    }

    /** Queues book {@code index} of {@code length} bytes for {@code remote}; false when its link is closed. */
    boolean sendBook(Remote<L> remote, int index, int length) {
        if (remote.closing || !gauge.isOpen(remote.link)) {
            return false;
        }
        count(remote, length);
        onLink(new CoreAction.SendBook<>(remote.link, index));
        return true;
    }

    void close(Remote<L> remote, String reason) {
        remote.closing = true;
        list(new CoreAction.Close<>(remote.link, reason));
    }

    boolean isOpen(Remote<L> remote) {
        return !remote.closing && gauge.isOpen(remote.link);
    }

    /**
     * The link's backlog with this turn's sends. Those carried out at once are in the link's own
     * count already, less what its writer has written since: the larger of the two then, which
     * is the same sum while the writer has not caught up with this turn, and never less than
     * the turn sent (a link that never backs up, the simulator's, counts nothing itself).
     */
    int queued(Remote<L> remote) {
        int own = gauge.queued(remote.link);
        return onLinks != null ? Math.max(own, remote.pendingMessages) : own + remote.pendingMessages;
    }

    /** The bytes of books on the link and this turn's, counted as {@link #queued} counts messages. */
    long unwrittenBookBytes(Remote<L> remote) {
        long own = gauge.unwrittenBookBytes(remote.link);
        return onLinks != null ? Math.max(own, remote.pendingBookBytes) : own + remote.pendingBookBytes;
    }

    /** Whether a slot is free for one more dial in this turn. */
    boolean slotFree() {
        return gauge.freeSlots() - connects > 0;
    }

    private void count(Remote<L> remote, int bookBytes) {
        if (remote.pendingMessages == 0 && remote.pendingBookBytes == 0) {
            touched.add(remote);
        }
        remote.pendingMessages++;
        remote.pendingBookBytes += bookBytes;
    }
}
