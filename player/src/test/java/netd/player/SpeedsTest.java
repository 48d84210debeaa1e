package netd.player;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeedsTest {
    @Test
    void keepsEachSecondsFiguresOldestFirstAndForgetsPastFiveMinutes() {
        Speeds speeds = new Speeds(0, 0, 0);
        long downloaded = 0;
        for (int second = 1; second <= PlayerTuning.HISTORY_SECONDS + 2; second++) {
            downloaded += second;
            speeds.sample(downloaded, 10L * second, second * 1000L);
        }
        Speeds.History history = speeds.history();
        assertEquals(PlayerTuning.HISTORY_SECONDS, history.down().length);
        assertEquals(3, history.down()[0]);
        assertEquals(PlayerTuning.HISTORY_SECONDS + 2, history.down()[PlayerTuning.HISTORY_SECONDS - 1]);
        assertEquals(10, history.up()[0]);
    }

    @Test
    void aLateSampleIsCountedPerSecond() {
        Speeds speeds = new Speeds(100, 0, 1000);
        speeds.sample(100 + 4000, 0, 3000);
        assertArrayEquals(new long[] {2000}, speeds.history().down());
    }

    @Test
    void theSmoothedSpeedMovesTowardTheNewFiguresAndGivesTheEta() {
        Speeds speeds = new Speeds(0, 0, 0);
        assertEquals(-1, speeds.etaSeconds(1000), "no speed yet: no ETA");
        for (int second = 1; second <= 30; second++) {
            speeds.sample(second * 1000L, 0, second * 1000L);
        }
        assertTrue(Math.abs(speeds.down() - 1000) < 1, "smoothed: " + speeds.down());
        assertEquals(60, speeds.etaSeconds(60_000));
        assertEquals(0, speeds.up());
    }
}
