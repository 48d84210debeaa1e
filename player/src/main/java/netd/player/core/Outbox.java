package netd.player.core;

import netd.common.wire.PeerMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * The actions the {@link PlayerCore} answers one event with, and what they will add to each
 * link once carried out: until then the core counts its own sends into a link's backlog, so
 * that a burst of books it decides in one turn stops at the same bound as when each went out
 * at once ({@link Uploading}'s room for a book).
 */
final class Outbox<L> {
    private final LinkGauge<L> gauge;
    /** The turn's actions; null while there are none, as in a turn that only takes note (a have, the time). */
    private List<CoreAction<L>> actions;
    /** Links sent to in this turn, whose counts start over with the next. */
    private final List<Remote<L>> touched = new ArrayList<>();
    /** Dials asked for in this turn: each takes a free slot once carried out. */
    private int connects;

    Outbox(LinkGauge<L> gauge) {
        this.gauge = gauge;
    }

    /** Starts a turn: what the last one asked for has been carried out. */
    void begin() {
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

    /** The turn's actions, in order. */
    List<CoreAction<L>> actions() {
        return actions == null ? List.of() : actions;
    }

    void add(CoreAction<L> action) {
        if (action instanceof CoreAction.Connect<L>) {
            connects++;
        }
        if (actions == null) {
            actions = new ArrayList<>();
        }
        actions.add(action);
    }

    /** Queues {@code message} for {@code remote}; false when its link is closed (or closing in this turn). */
    boolean send(Remote<L> remote, PeerMessage message) {
        if (remote.closing || !gauge.isOpen(remote.link)) {
            return false;
        }
        count(remote, 0);
        add(new CoreAction.Send<>(remote.link, message));
        return true;
    }

    /** Queues book {@code index} of {@code length} bytes for {@code remote}; false when its link is closed. */
    boolean sendBook(Remote<L> remote, int index, int length) {
        if (remote.closing || !gauge.isOpen(remote.link)) {
            return false;
        }
        count(remote, length);
        add(new CoreAction.SendBook<>(remote.link, index));
        return true;
    }

    void close(Remote<L> remote, String reason) {
        remote.closing = true;
        add(new CoreAction.Close<>(remote.link, reason));
    }

    boolean isOpen(Remote<L> remote) {
        return !remote.closing && gauge.isOpen(remote.link);
    }

    int queued(Remote<L> remote) {
        return gauge.queued(remote.link) + remote.pendingMessages;
    }

    long unwrittenBookBytes(Remote<L> remote) {
        return gauge.unwrittenBookBytes(remote.link) + remote.pendingBookBytes;
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
