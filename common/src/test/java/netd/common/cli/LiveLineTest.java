package netd.common.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LiveLineTest {
    private static final String PLAYER_LINE =
            "books 120/4096 (2.9%)  down 85.3 MiB/s  up 12.0 MiB/s  peers 4  ETA 1m 02s";

    @Test
    void aLineThatFitsIsLeftWhole() {
        assertEquals(PLAYER_LINE, LiveLine.fit(PLAYER_LINE, PLAYER_LINE.length() + 1));
    }

    @Test
    void aLongLineKeepsTheWholeFieldsThatFitBeforeTheLastColumn() {
        // The line is 74 characters; 40 columns leave room for 39.
        assertEquals("books 120/4096 (2.9%)  down 85.3 MiB/s", LiveLine.fit(PLAYER_LINE, 40));
        assertEquals("books 120/4096 (2.9%)", LiveLine.fit(PLAYER_LINE, 38));
        // One character short of room for the whole line: its last field goes.
        assertEquals(PLAYER_LINE.substring(0, PLAYER_LINE.indexOf("  ETA")), LiveLine.fit(PLAYER_LINE, PLAYER_LINE.length()));
    }

    @Test
    void aFirstFieldWiderThanTheTerminalIsCut() {
        assertEquals("books 120", LiveLine.fit(PLAYER_LINE, 10));
        assertEquals("b", LiveLine.fit(PLAYER_LINE, 1));
    }

    @Test
    void whatIsDrawnNeverReachesTheLastColumnEvenWhenCoveringALongerLine() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] widths = {120, 30};
        int[] draws = {0};
        try (LiveLine line = new LiveLine(new PrintStream(out, true, StandardCharsets.UTF_8), () -> PLAYER_LINE,
                () -> widths[Math.min(draws[0]++, 1)], Duration.ZERO, Duration.ofMillis(10))) {
            Thread.sleep(100);
        }
        String[] drawn = out.toString(StandardCharsets.UTF_8).replace("\n", "").split("\r");
        assertEquals(PLAYER_LINE, drawn[1]);
        // Narrowed to 30 columns: cut to its first field, and the longer line drawn before
        // covered with spaces up to 29 columns, no further.
        assertEquals("books 120/4096 (2.9%)" + " ".repeat(8), drawn[2]);
        Arrays.stream(drawn).skip(3).forEach(text -> assertEquals("books 120/4096 (2.9%)", text));
    }
}
