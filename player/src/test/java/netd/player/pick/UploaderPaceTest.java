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
            pace.answered(now, 0);
        }
        assertEquals(3_000, pace.millisPerBook(), 1);
        assertEquals(24_000, pace.timeoutMillis(), 100);
        for (int i = 0; i < 40; i++) {
            now += 60_000;
            pace.answered(now, 0);
        }
        assertEquals(PlayerTuning.TIMEOUT_CEILING_MILLIS, pace.timeoutMillis());
    }

    @Test
    void aRequestSentToAnEmptyPipelineMeasuresTheAnswerTimeNotThePace() {
        UploaderPace pace = new UploaderPace();
        pace.unchoked(0);
        pace.answered(50, 0);
        assertEquals(50, pace.answerMillis(), 0.001, "asked at the unchoke, answered 50 ms later: a round trip and a book");
        assertEquals(0, pace.millisPerBook(), "no pace yet");
        long now = 50;
        while (now <= 50 + PlayerTuning.PACE_WINDOW_MILLIS) {
            now += 4;
            pace.answered(now, 0);
        }
        assertEquals(4, pace.millisPerBook(), 0.001, "books waiting at the uploader came every 4 ms");
        // The pipeline ran dry: the next book was asked 500 ms later, and came 50 ms after that.
        pace.answered(now + 550, now + 500);
        assertEquals(4, pace.millisPerBook(), 0.001, "the wait for something to ask for is not the uploader's pace");
        assertEquals(50, pace.answerMillis(), 0.001);
        pace.answered(now + 654, now + 554);
        assertEquals(0.8 * 50 + 0.2 * 100, pace.answerMillis(), 0.001, "answer times are smoothed");
    }

    @Test
    void booksArrivingInBurstsGiveTheirAveragePaceEvenRightAfterABurst() {
        // 16 books read at once every 64 ms: one every 4 ms on average, though 15 of 16 gaps are 0.
        UploaderPace pace = new UploaderPace();
        pace.unchoked(0);
        pace.answered(10, 0);
        long now = 10;
        for (int burst = 0; burst < 20; burst++) {
            now += 64;
            for (int book = 0; book < 16; book++) {
                pace.answered(now, 0);
            }
            assertTrue(pace.millisPerBook() == 0 || Math.abs(pace.millisPerBook() - 4) < 0.01,
                    "after burst " + burst + ": " + pace.millisPerBook() + " ms a book");
        }
        assertEquals(4, pace.millisPerBook(), 0.01);
    }

    @Test
    void waitingCountsFromTheLastAnswerWhenThatIsLater() {
        UploaderPace pace = new UploaderPace();
        pace.unchoked(0);
        pace.answered(4_000, 0);
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
        pace.answered(61_001, 1_000);
        assertFalse(pace.snubbing(100_000, true));
    }

    @Test
    void aRequestIsLateAfterEndgamePatienceTimesAFullPipelinesWait() {
        UploaderPace fresh = new UploaderPace();
        long late = PlayerTuning.ENDGAME_PATIENCE * PlayerTuning.BUSY_MILLIS;
        assertFalse(fresh.late(1_000, 1_000 + late), "no answer yet: BUSY_MILLIS covered, no answer time");
        assertTrue(fresh.late(1_000, 1_000 + late + 1));

        // A long path: requests to an empty pipeline answered after 300 ms, so the pipeline covers two of those.
        UploaderPace far = new UploaderPace();
        far.unchoked(0);
        far.answered(300, 0);
        double wait = PlayerTuning.ANSWERS_AHEAD * 300 + 300;
        assertEquals(PlayerTuning.ANSWERS_AHEAD * 300, far.coverMillis(), 0.001);
        assertFalse(far.late(1_000, 1_000 + (long) (PlayerTuning.ENDGAME_PATIENCE * wait)));
        assertTrue(far.late(1_000, 1_000 + (long) (PlayerTuning.ENDGAME_PATIENCE * wait) + 1));
    }
}
