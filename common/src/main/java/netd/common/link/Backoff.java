package netd.common.link;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next attempt to reach something that failed: exponential,
 * capped, with jitter so that peers that lost the same hub or player do not all come back
 * at the same instant. Pure: the attempt count is the caller's.
 */
public record Backoff(Duration first, Duration cap) {
    /** The delay before attempt {@code failures + 1}: a random time in [d/2, d], d = first × 2^failures, capped. */
    public long delayMillis(int failures, RandomGenerator random) {
        long full = first.toMillis() << Math.min(failures, 30);
        long capped = Math.min(cap.toMillis(), full <= 0 ? Long.MAX_VALUE : full);
        return capped / 2 + random.nextLong(capped / 2 + 1);
    }
}
