package netd.common.cli;

import netd.common.library.BookHasher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hashing progress on a terminal ("hashing:  42%  215 of 512 MiB  900 MiB/s"), for the
 * librarifier making a library and the player checking its file at start. The hashing
 * threads only add to a counter; a {@link LiveLine} draws.
 */
public final class HashingProgress implements BookHasher.Progress, AutoCloseable {
    public static final Duration DELAY = Duration.ofSeconds(1);
    private static final Duration PERIOD = Duration.ofMillis(200);

    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final LongAdder done = new LongAdder();
    private final LiveLine line;

    public HashingProgress(PrintStream out, String label, long total) {
        this.label = label;
        this.total = Math.max(1, total);
        this.line = new LiveLine(out, this::line, DELAY, PERIOD);
    }

    @Override
    public void hashed(long bytes) {
        done.add(bytes);
    }

    @Override
    public void close() throws InterruptedException {
        line.close();
    }

    /** The line as it stands now. */
    String line() {
        long bytes = done.sum();
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        return String.format(Locale.ROOT, "%s: %3d%%  %,d of %,d MiB  %.0f MiB/s",
                label, bytes * 100 / total, bytes >> 20, total >> 20, bytes / seconds / (1 << 20));
    }
}
