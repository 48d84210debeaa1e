package netd.player.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a download link counts as stalled, with the times passed in. */
class StallWatchTest {
    private static final long PATIENCE = StallWatch.FLOOR_MILLIS;
    private final StallWatch watch = new StallWatch();

    @Test
    void aLinkAskedAndUnheardForItsPatienceIsStalled() {
        long heard = 1_000;
        assertFalse(watch.stalled(true, heard, 2_000, PATIENCE), "the wait starts at the first look that sees it asked");
        assertFalse(watch.stalled(true, heard, 2_000 + PATIENCE - 1, PATIENCE));
        assertTrue(watch.stalled(true, heard, 2_000 + PATIENCE, PATIENCE));
    }

    @Test
    void anyArrivalEndsTheWait() {
        assertFalse(watch.stalled(true, 0, 1_000, PATIENCE));
        assertFalse(watch.stalled(true, 5_000, 5_500, PATIENCE), "heard at 5 s: waiting again from this look");
        assertFalse(watch.stalled(true, 5_000, 5_500 + PATIENCE - 1, PATIENCE));
        assertTrue(watch.stalled(true, 5_000, 5_500 + PATIENCE, PATIENCE));
    }

    @Test
    void aLinkNotAskedIsNeverStalledHoweverQuiet() {
        assertFalse(watch.stalled(false, 0, 1_000_000, PATIENCE));
        // Asked at last after a long quiet: its silence counts from then, not from what it last sent.
        assertFalse(watch.stalled(true, 0, 2_000_000, PATIENCE));
        assertFalse(watch.stalled(true, 0, 2_000_000 + PATIENCE - 1, PATIENCE));
    }

    @Test
    void requestsGivenUpMeanwhileDoNotEndTheWait() {
        assertFalse(watch.stalled(true, 0, 1_000, PATIENCE));
        assertFalse(watch.stalled(false, 0, 6_000, PATIENCE), "its requests timed out and went to the pool");
        assertTrue(watch.stalled(false, 0, 1_000 + PATIENCE, PATIENCE));
    }

    @Test
    void patienceIsTheRequestTimeoutWithAFloor() {
        assertEquals(StallWatch.FLOOR_MILLIS, StallWatch.patience(5_000));
        assertEquals(40_000, StallWatch.patience(40_000), "a slow uploader's books are far apart");
    }
}
