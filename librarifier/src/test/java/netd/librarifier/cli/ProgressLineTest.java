package netd.librarifier.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressLineTest {
    @Test
    void showsThePercentageAndMebibytesDone() throws InterruptedException {
        try (ProgressLine progress = new ProgressLine(new PrintStream(new ByteArrayOutputStream()), 3L << 30)) {
            progress.hashed(1L << 30);
            progress.hashed(512L << 20);
            String line = progress.line();
            assertTrue(line.startsWith("hashing:  50%  1,536 of 3,072 MiB  "), line);
            assertTrue(line.endsWith(" MiB/s "), line);
        }
    }

    @Test
    void workThatEndsBeforeTheDelayPrintsNothing() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ProgressLine progress = new ProgressLine(new PrintStream(out, true, StandardCharsets.UTF_8), 100)) {
            progress.hashed(100);
        }
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
