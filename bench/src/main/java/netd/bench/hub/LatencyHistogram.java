package netd.bench.hub;

/** Latencies in 10 µs buckets up to 10 s; longer ones count as 10 s. Single-threaded. */
final class LatencyHistogram {
    private static final long BUCKET_NANOS = 10_000;
    private final long[] counts = new long[1_000_001];
    private long total;

    void record(long nanos) {
        counts[(int) Math.min(counts.length - 1, Math.max(0, nanos / BUCKET_NANOS))]++;
        total++;
    }

    long total() {
        return total;
    }

    /** The latency in milliseconds below which {@code fraction} of the samples fall; 0 without samples. */
    double percentileMillis(double fraction) {
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int bucket = 0; bucket < counts.length; bucket++) {
            seen += counts[bucket];
            if (seen >= rank && seen > 0) {
                return (bucket + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return 0;
    }
}
