package netd.librarifier.cli;

import netd.common.library.BookHasher;

import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A progress line for a terminal, redrawn in place with a carriage return. It appears only
 * once the work has taken longer than {@link #DELAY}, so quick runs print nothing, and it is
 * drawn by its own thread, so the hashing threads only add to a counter.
 */
final class ProgressLine implements BookHasher.Progress, AutoCloseable {
    static final Duration DELAY = Duration.ofSeconds(1);
    private static final Duration PERIOD = Duration.ofMillis(200);

    private final PrintStream out;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final LongAdder done = new LongAdder();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread painter;
    private boolean drawn;

    ProgressLine(PrintStream out, long total) {
        this.out = out;
        this.total = total;
        this.painter = Thread.ofVirtual().name("progress").start(this::paint);
    }

    /**
     * Whether the program runs on a terminal. Java 21's System.console() is null otherwise;
     * Java 22 to 24 return a console even when redirected and answer with isTerminal(),
     * which a Java 21 build can only reach by reflection.
     */
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Override
    public void hashed(long bytes) {
        done.add(bytes);
    }

    /** Stops redrawing; a line that was shown is completed and ended. */
    @Override
    public void close() throws InterruptedException {
        finished.countDown();
        painter.join();
        if (drawn) {
            draw();
            out.println();
        }
    }

    private void paint() {
        try {
            if (finished.await(DELAY.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            do {
                draw();
                drawn = true;
            } while (!finished.await(PERIOD.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void draw() {
        out.print("\r" + line());
        out.flush();
    }

    /** The line as it stands now; the trailing space covers the end of a longer line drawn before. */
    String line() {
        long bytes = done.sum();
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        return String.format(Locale.ROOT, "hashing: %3d%%  %,d of %,d MiB  %.0f MiB/s ",
                bytes * 100 / total, bytes >> 20, total >> 20, bytes / seconds / (1 << 20));
    }
}
