package netd.common.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HashingProgressTest {
    @Test
    void showsThePercentageAndMebibytesDone() throws InterruptedException {
        try (HashingProgress progress = new HashingProgress(new PrintStream(new ByteArrayOutputStream()), "hashing", 3L << 30)) {
            progress.hashed(1L << 30);
            progress.hashed(512L << 20);
            String line = progress.line();
            assertTrue(line.startsWith("hashing:  50%  1,536 of 3,072 MiB  "), line);
            assertTrue(line.endsWith(" MiB/s"), line);
        }
    }

    @Test
    void workThatEndsBeforeTheDelayPrintsNothing() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (HashingProgress progress = new HashingProgress(new PrintStream(out, true, StandardCharsets.UTF_8), "hashing", 100)) {
            progress.hashed(100);
        }
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLongerLineDrawnBeforeIsCoveredAndTheLastLineEnded() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] texts = {"a long first line", "short"};
        int[] calls = {0};
        try (LiveLine line = new LiveLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                () -> texts[Math.min(calls[0]++, 1)], () -> 80, java.time.Duration.ZERO, java.time.Duration.ofMillis(10))) {
            Thread.sleep(100);
        }
        String drawn = out.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\ra long first line\rshort            "), drawn);
        assertTrue(drawn.endsWith("\n"), drawn);
    }
}
