package netd.player.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a player's --status-file, which it replaces atomically every second. */
final class StatusFiles {
    private static final Pattern HELD = Pattern.compile("\"books_held\":(\\d+)");

    private StatusFiles() {
    }

    /** Waits until the status file says at least {@code books} are held; returns the figure it read. */
    static long awaitHeld(Path status, long books, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long held = -1;
        while (System.nanoTime() < deadline) {
            if (Files.exists(status)) {
                Matcher matcher = HELD.matcher(Files.readString(status));
                if (matcher.find()) {
                    held = Long.parseLong(matcher.group(1));
                    if (held >= books) {
                        return held;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the player never held " + books + " books (last status: " + held + ")");
    }
}
