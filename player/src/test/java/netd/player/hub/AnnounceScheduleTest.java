package netd.player.hub;

import netd.player.PlayerTuning;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnounceScheduleTest {
    private static final long INTERVAL = 15_000;
    private static final long MIN = 5_000;
    private static final long MARGIN = PlayerTuning.MIN_INTERVAL_MARGIN_MILLIS;

    private final AnnounceSchedule schedule = new AnnounceSchedule(INTERVAL, MIN, 0);

    @Test
    void theFirstAnnounceGoesAtOnceAndTheNextAfterTheInterval() {
        assertTrue(schedule.due(0));
        schedule.sent(0);
        schedule.answered(40, INTERVAL, MIN, false);
        assertEquals(40 + INTERVAL, schedule.nextAt());
        assertFalse(schedule.due(40 + INTERVAL - 1));
        assertTrue(schedule.due(40 + INTERVAL));
    }

    @Test
    void aPlayerThatLacksPlayersAsksAgainAtTheMinInterval() {
        schedule.sent(0);
        schedule.answered(30, INTERVAL, MIN, true);
        assertEquals(30 + MIN + MARGIN, schedule.nextAt());
    }

    @Test
    void noSecondAnnounceWhileTheFirstWaitsForItsAnswer() {
        schedule.sent(0);
        schedule.soon();
        assertFalse(schedule.due(INTERVAL * 2));
        assertEquals(PlayerTuning.ANSWER_TIMEOUT_MILLIS, schedule.wakeAt());
    }

    /** A notify held up by a dead link reaches the hub late: the min interval counts from its answer. */
    @Test
    void theMinIntervalCountsFromALateAnswer() {
        schedule.sent(0);
        schedule.answered(8_000, INTERVAL, MIN, false);
        schedule.soon();
        assertEquals(8_000 + MIN + MARGIN, schedule.nextAt());
        assertFalse(schedule.due(8_000 + MIN));
    }

    @Test
    void anEarlyAnnounceWaitsForTheMinInterval() {
        schedule.sent(0);
        schedule.answered(10, INTERVAL, MIN, false);
        schedule.soon();
        assertFalse(schedule.due(1_000));
        assertTrue(schedule.due(10 + MIN + MARGIN));
    }

    /** An announce given up may have reached the hub until then: the next waits the min interval from there. */
    @Test
    void anAnnounceGivenUpCountsUntilItIsGivenUp() {
        schedule.sent(0);
        assertFalse(schedule.answerOverdue(PlayerTuning.ANSWER_TIMEOUT_MILLIS - 1));
        assertTrue(schedule.answerOverdue(PlayerTuning.ANSWER_TIMEOUT_MILLIS));
        long givenUp = PlayerTuning.ANSWER_TIMEOUT_MILLIS;
        schedule.lost(givenUp, givenUp + 1_000);
        assertFalse(schedule.answerOverdue(givenUp + 1));
        assertEquals(givenUp + MIN + MARGIN, schedule.nextAt());
    }

    @Test
    void aLinkLostWhileIdleIsTriedAgainAfterTheBackoffAndTheMinInterval() {
        schedule.sent(0);
        schedule.answered(10, INTERVAL, MIN, false);
        schedule.lost(9_000, 11_000);
        assertEquals(11_000, schedule.nextAt());
        schedule.retryAt(13_000);
        assertTrue(schedule.due(13_000));
    }

    /** A refusal, or an answer that cannot be read, is an answer: the next goes after the interval known so far. */
    @Test
    void aRefusalKeepsTheIntervalKnownSoFar() {
        schedule.sent(0);
        schedule.answered(10, 1_000, 1_000, false);
        schedule.sent(1_300);
        schedule.refused(1_310);
        assertFalse(schedule.answerOverdue(1_310 + PlayerTuning.ANSWER_TIMEOUT_MILLIS));
        assertEquals(2_310 + MARGIN, schedule.nextAt());
    }

    @Test
    void theHubsIntervalsReplaceTheDefaults() {
        schedule.sent(0);
        schedule.answered(0, 60_000, 20_000, false);
        assertEquals(60_000, schedule.nextAt());
        schedule.sent(60_000);
        schedule.answered(60_000, 60_000, 20_000, true);
        assertEquals(80_000 + MARGIN, schedule.nextAt());
    }
}
