package netd.player.upload;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FirstCopyWatchTest {
    @Test
    void theLastBooksFirstSendCompletesTheCopyOnce() {
        FirstCopyWatch watch = new FirstCopyWatch(3);
        assertFalse(watch.sent(2, 1000));
        assertFalse(watch.sent(0, 1200));
        assertEquals(-1, watch.millis(), "not complete yet");
        assertTrue(watch.sent(1, 1700));
        assertEquals(700, watch.millis());
        assertEquals(3, watch.sends());
        assertEquals(0, watch.sentTwice());
        assertFalse(watch.sent(1, 1800), "told once");
        assertEquals(3, watch.sends(), "sends after the first copy are not its");
    }

    @Test
    void repeatsBeforeTheFirstCopyIsCompleteAreCounted() {
        FirstCopyWatch watch = new FirstCopyWatch(2);
        watch.sent(0, 0);
        watch.sent(0, 10);
        watch.sent(0, 20);
        assertTrue(watch.sent(1, 30));
        assertEquals(4, watch.sends());
        assertEquals(2, watch.sentTwice());
    }
}
