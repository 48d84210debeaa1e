package netd.player.pick;

import netd.player.PlayerTuning;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UploaderPaceTest {
    @Test
    void aFreshUploaderGetsTheFloor() {
        UploaderPace pace = new UploaderPace();
        pace.unchoked(0);
        assertEquals(PlayerTuning.TIMEOUT_FLOOR_MILLIS, pace.timeoutMillis());
        assertFalse(pace.expired(0, PlayerTuning.TIMEOUT_FLOOR_MILLIS));
        assertTrue(pace.expired(0, PlayerTuning.TIMEOUT_FLOOR_MILLIS + 1));
    }

    @Test
    void aSlowUploaderGetsMorePatienceButNotForever() {
        UploaderPace pace = new UploaderPace();
        pace.unchoked(0);
        long now = 0;
        for (int i = 0; i < 40; i++) {
            now += 3_000;
            pace.answered(now, 4);
        }
        assertEquals(3_000, pace.millisPerBook(), 1);
        assertEquals(24_000, pace.timeoutMillis(), 100);
        for (int i = 0; i < 40; i++) {
            now += 60_000;
            pace.answered(now, 4);
        }
        assertEquals(PlayerTuning.TIMEOUT_CEILING_MILLIS, pace.timeoutMillis());
    }

    @Test
    void waitingCountsFromTheLastAnswerWhenThatIsLater() {
        UploaderPace pace = new UploaderPace();
        pace.unchoked(0);
        pace.answered(4_000, 3);
        // Sent at 0, but the uploader answered at 4 s: it is working through its queue.
        assertFalse(pace.expired(0, 8_000));
        assertTrue(pace.expired(0, 9_001));
    }

    @Test
    void silenceForAMinuteWhileAskedIsSnubbing() {
        UploaderPace pace = new UploaderPace();
        pace.unchoked(1_000);
        assertFalse(pace.snubbing(61_000, true));
        assertTrue(pace.snubbing(61_001, true));
        assertFalse(pace.snubbing(61_001, false), "an uploader that was not asked is not snubbing");
        pace.answered(61_001, 1);
        assertFalse(pace.snubbing(100_000, true));
    }
}
