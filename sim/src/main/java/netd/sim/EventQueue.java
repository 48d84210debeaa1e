package netd.sim;

import java.time.Instant;
import java.time.InstantSource;
import java.util.PriorityQueue;

/**
 * The virtual clock: events run in time order, and events due at the same microsecond in the
 * order they were scheduled, so a run depends on nothing but its inputs.
 */
final class EventQueue implements InstantSource {
    private record Scheduled(long at, long order, Runnable action) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    /** The managers count milliseconds from here, as if the simulation started on a real day. */
    static final long EPOCH_MILLIS = 1_700_000_000_000L;

    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private long nowMicros;
    private long scheduled;

    long nowMicros() {
        return nowMicros;
    }

    /** Runs {@code action} {@code afterMicros} from now. */
    void after(long afterMicros, Runnable action) {
        at(nowMicros + Math.max(0, afterMicros), action);
    }

    void at(long atMicros, Runnable action) {
        queue.add(new Scheduled(Math.max(atMicros, nowMicros), scheduled++, action));
    }

    /** Runs the next event; false when none is left or the next is after {@code untilMicros}. */
    boolean runNext(long untilMicros) {
        Scheduled next = queue.peek();
        if (next == null || next.at > untilMicros) {
            return false;
        }
        queue.poll();
        nowMicros = next.at;
        next.action.run();
        return true;
    }

    @Override
    public long millis() {
        return EPOCH_MILLIS + nowMicros / 1000;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
