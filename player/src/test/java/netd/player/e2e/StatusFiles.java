package netd.player.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a player's --status-file, which it replaces atomically every second. */
final class StatusFiles {

    private StatusFiles() {
    }

    /** Waits until the status file says at least {@code books} are held; returns the figure it read. */
    static long awaitHeld(Path status, long books, Duration timeout) throws Exception {
        return awaitFigure(status, "books_held", books, timeout);
    }

    /** Waits until the status file's whole-number member {@code name} is at least {@code atLeast}; returns it. */
    static long awaitFigure(Path status, String name, long atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long figure = -1;
        while (System.nanoTime() < deadline) {
            figure = figure(status, name);
            if (figure >= atLeast) {
                return figure;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the player's " + name + " never reached " + atLeast + " (last status: " + figure + ")");
    }

    /** The books the status file says are held now; -1 before the player wrote one. */
    static long held(Path status) throws IOException {
        return figure(status, "books_held");
    }

    /** The status file's whole-number member {@code name} now; -1 before the player wrote one. */
    private static long figure(Path status, String name) throws IOException {
        if (!Files.exists(status)) {
            return -1;
        }
        Matcher matcher = Pattern.compile("\"" + name + "\":(\\d+)").matcher(Files.readString(status));
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /**
     * The status is one flat JSON object of string, number and boolean members (checked
     * strictly, member by member), of schema 1, and says the stuff is complete and the player ended.
     */
    static void assertCompleteJson(Path status, long bookCount) throws Exception {
        String json = Files.readString(status).strip();
        String member = "\"[a-z_]+\":(\"[^\"\\\\\\p{Cntrl}]*\"|-?(0|[1-9]\\d*)(\\.\\d+)?|true|false)";
        if (!json.matches("\\{" + member + "(," + member + ")*\\}")) {
            throw new AssertionError("not a flat JSON object: " + json);
        }
        for (String expected : new String[] {"{\"schema\":1,\"updated_at\":\"20", "\"books_held\":" + bookCount,
                "\"books_total\":" + bookCount, "\"percent\":100.0", "\"complete\":true", "\"left_bytes\":0",
                "\"down_bytes_per_s\":", "\"up_bytes_per_s\":", "\"running\":false"}) {
            if (!json.contains(expected)) {
                throw new AssertionError("expected " + expected + " in " + json);
            }
        }
    }
}
