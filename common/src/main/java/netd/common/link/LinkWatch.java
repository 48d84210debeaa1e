package netd.common.link;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps time for every link of a program, from one thread: a few times a second it closes
 * the links that have received nothing for their idle timeout and has the ones that have
 * sent nothing for their keep-alive interval send a keep-alive.
 *
 * <p>Why not a timed read and a timed queue poll in each link, as the classic design has it:
 * on a virtual thread each timed wait arms a timer and cancels it when the wait ends, so a hub
 * answering twenty thousand announces a second would arm and cancel forty thousand timers a
 * second, and keep one per connection alive in its heap. Here the waits are untimed and the
 * cost of timekeeping is one pass over the links per period, whatever the traffic.
 */
public final class LinkWatch implements AutoCloseable {
    /** How late a keep-alive or an idle close may come at most; the settings are in seconds and minutes. */
    static final Duration PERIOD = Duration.ofMillis(250);

    private final Set<Link<?>> links = ConcurrentHashMap.newKeySet();
    private final Thread thread;

    /** Starts watching; {@code name} names the thread. */
    public LinkWatch(String name) {
        thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    void watch(Link<?> link) {
        links.add(link);
    }

    void forget(Link<?> link) {
        links.remove(link);
    }

    /** Links being watched: those started and not yet closed. */
    public int watched() {
        return links.size();
    }

    /** Stops the thread; links still open stop being timed. */
    @Override
    public void close() {
        thread.interrupt();
    }

    private void run() {
        try {
            while (true) {
                Thread.sleep(PERIOD);
                long now = System.nanoTime();
                for (Link<?> link : links) {
                    link.keepTime(now);
                }
            }
        } catch (InterruptedException e) {
            // close(): the thread ends.
        }
    }
}
