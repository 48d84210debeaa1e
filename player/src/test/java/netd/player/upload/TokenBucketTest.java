package netd.player.upload;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {
    private static final int BOOK = 16 * 1024;

    @Test
    void aFullBucketLetsOneSecondsWorthGoAtOnceThenMakesTheNextWait() {
        TokenBucket bucket = new TokenBucket(4 * BOOK, 0);
        for (int i = 0; i < 4; i++) {
            assertTrue(bucket.tryTake(BOOK, 0), "book " + i);
        }
        // Exactly empty is not in debt: one more may go, and puts the bucket a book in debt.
        assertTrue(bucket.tryTake(BOOK, 0));
        assertFalse(bucket.tryTake(BOOK, 0));
        assertEquals(250, bucket.millisUntilAvailable(0));
        assertFalse(bucket.tryTake(BOOK, 249));
        assertTrue(bucket.tryTake(BOOK, 250));
    }

    @Test
    void theAverageRateHoldsWhenABookIsLargerThanTheBucket() {
        // 1 KiB/s and 16 KiB books: one book, then 16 s of debt, never a second book early.
        TokenBucket bucket = new TokenBucket(1024, 0);
        assertTrue(bucket.tryTake(BOOK, 0));
        assertEquals(15_000, bucket.millisUntilAvailable(0));
        assertFalse(bucket.tryTake(BOOK, 14_999));
        assertTrue(bucket.tryTake(BOOK, 15_000));
        long sent = 2L * BOOK;
        long now = 15_000;
        while (now < 600_000) {
            now += bucket.millisUntilAvailable(now);
            assertTrue(bucket.tryTake(BOOK, now));
            sent += BOOK;
        }
        // Over ten minutes the bytes sent stay within one burst and one book of the rate.
        assertTrue(sent <= 1024 * now / 1000 + 1024 + BOOK, "sent " + sent + " in " + now + " ms");
    }

    @Test
    void idleTimeFillsTheBucketOnlyUpToOneSecond() {
        TokenBucket bucket = new TokenBucket(2 * BOOK, 0);
        assertTrue(bucket.tryTake(2 * BOOK, 0));
        int sent = 0;
        while (bucket.tryTake(BOOK, 3_600_000)) {
            sent++;
        }
        // An hour idle buys 2 books (one second) plus the one that goes into debt, not 7200.
        assertEquals(3, sent);
    }

    @Test
    void aClockThatStepsBackTakesNothingAway() {
        TokenBucket bucket = new TokenBucket(BOOK, 10_000);
        assertTrue(bucket.tryTake(BOOK, 10_000));
        assertEquals(0, bucket.millisUntilAvailable(5_000));
        assertTrue(bucket.tryTake(BOOK, 5_000));
        assertEquals(1000, bucket.millisUntilAvailable(5_000));
    }
}
