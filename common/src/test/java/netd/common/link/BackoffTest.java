package netd.common.link;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));

    @Test
    void doublesWithJitterWithinHalfAndFull() {
        Random random = new Random(1);
        for (int failures = 0; failures < 7; failures++) {
            long full = 2_000L << failures;
            for (int i = 0; i < 100; i++) {
                long delay = backoff.delayMillis(failures, random);
                assertTrue(delay >= full / 2 && delay <= full, failures + " failures gave " + delay);
            }
        }
    }

    @Test
    void isCappedEvenAfterManyFailures() {
        Random random = new Random(2);
        for (int failures : new int[] {8, 20, 31, 62, Integer.MAX_VALUE}) {
            long delay = backoff.delayMillis(failures, random);
            assertTrue(delay >= 150_000 && delay <= 300_000, failures + " failures gave " + delay);
        }
    }

    @Test
    void spreadsRetriesApart() {
        Random random = new Random(3);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 200; i++) {
            long delay = backoff.delayMillis(3, random);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertTrue(max - min > 4_000, "jitter too small: " + min + ".." + max);
    }
}
