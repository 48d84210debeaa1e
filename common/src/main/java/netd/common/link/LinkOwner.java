package netd.common.link;

import netd.common.ProtocolException;

/**
 * The one object a link reports to. Calls come from the link's reader thread, in order; an
 * owner normally puts what it learns on its own queue and decides there. A call that blocks
 * holds back reading from this peer only, which is how backpressure reaches the socket.
 */
public interface LinkOwner<M> {
    /** A whole, decoded message from the peer. */
    void onMessage(Link<M> link, M message) throws InterruptedException;

    /**
     * A frame arrived whole but did not decode (unknown id, wrong length, bad dictionary).
     * The stream is still in step, so the owner may answer and keep the link: return true
     * to keep it, false to close it. By default the link is closed.
     */
    default boolean onUndecodable(Link<M> link, int id, ProtocolException problem) {
        return false;
    }

    /**
     * The reader has handed over every message it had buffered and its next read may wait on
     * the socket. An owner that gathers messages to pass them on in batches passes them on
     * now, so none waits for the peer's next bytes. Called from the reader thread.
     */
    default void onReadPause(Link<M> link) throws InterruptedException {
    }

    /**
     * The reader has stopped, whatever stopped it: nothing more comes from this link. Called
     * from the reader thread, once; an owner that holds messages back ({@link #onReadPause})
     * gives up what it still holds, and their buffers, now.
     */
    default void onReadEnd(Link<M> link) {
    }

    /** The link is closed, for the reason given; called exactly once, last. */
    void onClosed(Link<M> link, String reason);
}
