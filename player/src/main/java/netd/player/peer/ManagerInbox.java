package netd.player.peer;

import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The connection manager's queue, in two parts. What link readers post goes into a bounded
 * queue and blocks the poster when full: that holds back reading from the sockets, so a
 * flood from peers cannot grow memory. What must never block (a link closing, which may
 * happen on the manager's own thread, and the book file's reports) goes into a second
 * queue, bounded by its producers (one close per link, one report per book in flight), and
 * is taken first.
 */
public final class ManagerInbox {
    private static final ManagerEvent.Wake WAKE = new ManagerEvent.Wake();

    private final BlockingQueue<ManagerEvent> fromLinks;
    private final Queue<ManagerEvent> neverBlocking = new ConcurrentLinkedQueue<>();

    public ManagerInbox(int capacity) {
        this.fromLinks = new ArrayBlockingQueue<>(capacity);
    }

    /** Posts from a link reader; waits while the manager is behind. */
    public void post(ManagerEvent event) throws InterruptedException {
        fromLinks.put(event);
    }

    /** Posts without ever blocking. */
    public void postAlways(ManagerEvent event) {
        neverBlocking.add(event);
        // If the bounded queue is full the manager is busy and will look here soon anyway.
        fromLinks.offer(WAKE);
    }

    /** The next event, or null after {@code timeoutNanos} with none. */
    public ManagerEvent take(long timeoutNanos) throws InterruptedException {
        ManagerEvent urgent = neverBlocking.poll();
        if (urgent != null) {
            return urgent;
        }
        ManagerEvent event = fromLinks.poll(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        if (event instanceof ManagerEvent.Wake) {
            return neverBlocking.poll();
        }
        return event;
    }
}
