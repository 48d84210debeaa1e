package netd.player.peer;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection manager's queue, in two parts. What link readers post goes into a bounded
 * part and blocks the poster when full: that holds back reading from the sockets, so a
 * flood from peers cannot grow memory. What must never block (a link closing, which may
 * happen on the manager's own thread, and the book file's reports) goes into a second
 * part, bounded by its producers (one close per link, one report per batch of books in
 * flight), and is taken first.
 *
 * <p>Both sides move events in batches: a reader posts every message it has at hand in
 * one call, and the manager takes everything waiting in one call. Each hand-off that finds
 * the manager asleep wakes it (a futex call and a context switch); at 16 KiB books that
 * cost, paid per book, was a good part of a leecher's CPU, and paid per batch it is not.
 */
public final class ManagerInbox {
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<ManagerEvent> fromLinks = new ArrayDeque<>();
    private final ArrayDeque<ManagerEvent> neverBlocking = new ArrayDeque<>();

    public ManagerInbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /** Posts from a link reader; waits while the manager is behind. */
    public void post(ManagerEvent event) throws InterruptedException {
        postAll(List.of(event));
    }

    /**
     * Posts {@code events} in order, waking the manager once for all of them; waits for room
     * while the bounded part is full (a batch larger than the room goes in as room frees).
     */
    public void postAll(Collection<? extends ManagerEvent> events) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            for (ManagerEvent event : events) {
                while (fromLinks.size() >= capacity) {
                    // Let the manager at what is already in before waiting for it to make room.
                    notEmpty.signal();
                    notFull.await();
                }
                fromLinks.add(event);
            }
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Posts without ever blocking. */
    public void postAlways(ManagerEvent event) {
        lock.lock();
        try {
            neverBlocking.add(event);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves every waiting event into {@code into}, the never-blocking ones first, waiting up to
     * {@code timeoutNanos} for the first. Returns how many were moved (0 after the timeout).
     */
    public int takeAll(long timeoutNanos, Collection<ManagerEvent> into) throws InterruptedException {
        long nanos = Math.max(0, timeoutNanos);
        lock.lockInterruptibly();
        try {
            while (neverBlocking.isEmpty() && fromLinks.isEmpty()) {
                if (nanos <= 0) {
                    return 0;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            int moved = neverBlocking.size() + fromLinks.size();
            into.addAll(neverBlocking);
            neverBlocking.clear();
            if (!fromLinks.isEmpty()) {
                into.addAll(fromLinks);
                fromLinks.clear();
                notFull.signalAll();
            }
            return moved;
        } finally {
            lock.unlock();
        }
    }
}
