package netd.hub;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnounceTimingTest {
    private static final AnnounceTiming TIMING = AnnounceTiming.of(Duration.ofSeconds(15), Duration.ofSeconds(5));

    @Test
    void aSwarmWhoseOthersFitInOneAnswerGetsTheShortMinInterval() {
        assertEquals(Duration.ofSeconds(1), TIMING.minIntervalFor(1, 50), "alone");
        assertEquals(Duration.ofSeconds(1), TIMING.minIntervalFor(51, 50), "fifty others: all listed");
        assertEquals(Duration.ofSeconds(5), TIMING.minIntervalFor(52, 50), "fifty-one others: one is left out");
    }

    @Test
    void aConfiguredMinIntervalShorterThanTheSmallSwarmsStays() {
        AnnounceTiming none = AnnounceTiming.of(Duration.ofSeconds(1), Duration.ZERO);

        assertEquals(Duration.ZERO, none.minIntervalFor(2, 50));
        assertEquals(Duration.ZERO, none.minIntervalFor(500, 50));
    }

    @Test
    void tooSoonIsStrictlyBeforeTheMinInterval() {
        Instant previous = Instant.parse("2026-12-06T10:00:00Z");

        assertTrue(AnnounceTiming.tooSoon(previous, previous.plusMillis(999), Duration.ofSeconds(1)));
        assertFalse(AnnounceTiming.tooSoon(previous, previous.plusMillis(1000), Duration.ofSeconds(1)));
    }
}
