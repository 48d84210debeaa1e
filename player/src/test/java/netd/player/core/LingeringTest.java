package netd.player.core;

import netd.player.PlayerTuning;
import org.junit.jupiter.api.Test;

import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LingeringTest {
    private static final long COMPLETED = 1_000_000;

    @Test
    void aPlayerNoDownloaderWantsIsNoLongerNeededOnceItCompletedAndSaysItOnce() {
        Lingering lingering = new Lingering();
        assertFalse(lingering.noLongerNeeded(COMPLETED - 1, () -> false), "not complete yet");
        lingering.completed(COMPLETED);
        assertTrue(lingering.noLongerNeeded(COMPLETED, () -> false));
        assertFalse(lingering.noLongerNeeded(COMPLETED + 1, () -> false), "said once");
    }

    @Test
    void aPlayerDownloadersWantGoesOnUploadingUntilTheyAreDoneOrItLingeredLongEnough() {
        Lingering done = new Lingering();
        done.completed(COMPLETED);
        assertFalse(done.noLongerNeeded(COMPLETED, () -> true));
        assertFalse(done.noLongerNeeded(COMPLETED + 500, () -> true));
        assertTrue(done.noLongerNeeded(COMPLETED + 600, () -> false), "the last downloader has what it wanted");

        Lingering capped = new Lingering();
        capped.completed(COMPLETED);
        assertFalse(capped.noLongerNeeded(COMPLETED + PlayerTuning.LINGER_MILLIS - 1, () -> true));
        assertTrue(capped.noLongerNeeded(COMPLETED + PlayerTuning.LINGER_MILLIS, () -> true), "wanted still, but it lingered long enough");
    }

    @Test
    void whetherDownloadersWantItIsAskedOnlyOnceItCompletedAndUntilItIsSaid() {
        Lingering lingering = new Lingering();
        BooleanSupplier notToBeAsked = () -> {
            throw new AssertionError("asked whether it is wanted before it completed or after it was said");
        };
        assertFalse(lingering.noLongerNeeded(COMPLETED - 1, notToBeAsked));
        lingering.completed(COMPLETED);
        assertTrue(lingering.noLongerNeeded(COMPLETED + 1, () -> false));
        assertFalse(lingering.noLongerNeeded(COMPLETED + 2, notToBeAsked));
    }

    @Test
    void aPlayerThatHeldEveryBookFromTheStartIsNeverSaidToBeDone() {
        Lingering seeder = new Lingering();
        assertFalse(seeder.noLongerNeeded(COMPLETED + 10 * PlayerTuning.LINGER_MILLIS, () -> false),
                "its download never completed: it ends once complete at its start, as before");
    }
}
