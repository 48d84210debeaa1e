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
    void aSwarmWhoseOthersFitInFourAnswersGetsTheShortMinInterval() {
        assertEquals(Duration.ofSeconds(1), TIMING.minIntervalFor(1, 50), "alone");
        assertEquals(Duration.ofSeconds(1), TIMING.minIntervalFor(51, 50), "fifty others: all listed");
        assertEquals(Duration.ofSeconds(1), TIMING.minIntervalFor(201, 50), "two hundred others: four answers list them");
        assertEquals(Duration.ofSeconds(5), TIMING.minIntervalFor(202, 50), "two hundred and one others: four answers leave one out");
        assertEquals(Duration.ofSeconds(5), TIMING.minIntervalFor(1000, 50));
        assertEquals(Duration.ofSeconds(1), TIMING.minIntervalFor(5, 1), "four others, answers of one");
        assertEquals(Duration.ofSeconds(5), TIMING.minIntervalFor(6, 1), "five others, answers of one");
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
