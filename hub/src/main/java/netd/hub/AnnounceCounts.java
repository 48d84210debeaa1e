package netd.hub;

import netd.common.wire.HubMessage.Event;

import java.util.Arrays;

/**
 * What the hub counts per announce, in plain fields: the hub's thread is the only one that
 * counts, so counting is an add, with no atomic operation and no lookup. Others see the
 * figures through a {@link #snapshot} taken on that thread (HubLibrary.figures).
 */
final class AnnounceCounts {
    /** Upper bounds of the latency buckets, in seconds: from 50 µs (an idle hub) to a second (a hub far behind). */
    static final double[] LATENCY_BOUNDS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.25, 0.5, 1, Double.POSITIVE_INFINITY};
    private static final double NANOS_PER_SECOND = 1e9;

    private final long[] announces = new long[Event.values().length];
    private long answers;
    private long failures;
    /** Per bucket, not cumulative: latencies above bound i-1 and up to bound i. */
    private final long[] latencies = new long[LATENCY_BOUNDS.length];
    private double latencySeconds;

    void announced(Event event) {
        announces[event.ordinal()]++;
    }

    /** An answer went out {@code nanos} after its notify was read. */
    void answered(long nanos) {
        answers++;
        double seconds = nanos / NANOS_PER_SECOND;
        int bucket = 0;
        while (seconds > LATENCY_BOUNDS[bucket]) {
            bucket++;
        }
        latencies[bucket]++;
        latencySeconds += seconds;
    }

    /** An answer that carries a failure reason went out. */
    void failed() {
        answers++;
        failures++;
    }

    Snapshot snapshot() {
        return new Snapshot(announces.clone(), answers, failures, latencies.clone(), latencySeconds);
    }

    /** The counts at one moment; {@code latencies} per bucket of {@link #LATENCY_BOUNDS}, not cumulative. */
    record Snapshot(long[] announces, long answers, long failures, long[] latencies, double latencySeconds) {
        static final Snapshot ZERO = new AnnounceCounts().snapshot();

        long announces(Event event) {
            return announces[event.ordinal()];
        }

        long latencyCount() {
            return Arrays.stream(latencies).sum();
        }
    }
}
