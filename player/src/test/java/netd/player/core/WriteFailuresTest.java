package netd.player.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteFailuresTest {
    @Test
    void theLimitthFailureAndEveryOneAfterGiveUp() {
        WriteFailures failures = new WriteFailures(3);
        assertFalse(failures.failed());
        assertFalse(failures.failed());
        assertTrue(failures.failed());
        assertTrue(failures.failed());
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WriteFailures(0));
    }
}
