package netd.common.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A line on a terminal, redrawn in place with a carriage return by its own thread, so the
 * work it reports on only updates counters. It appears only once the work has taken longer
 * than {@code delay}, so quick runs print nothing.
 */
public final class LiveLine implements AutoCloseable {
    private final PrintStream out;
    private final Supplier<String> text;
    private final Duration period;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread painter;
    private int drawnLength;

    public LiveLine(PrintStream out, Supplier<String> text, Duration delay, Duration period) {
        this.out = out;
        this.text = text;
        this.period = period;
        this.painter = Thread.ofVirtual().name("live-line").start(() -> paint(delay));
    }

    /** Stops redrawing; a line that was shown is drawn a last time and ended. */
    @Override
    public void close() throws InterruptedException {
        finished.countDown();
        painter.join();
        if (drawnLength > 0) {
            draw();
            out.println();
        }
    }

    private void paint(Duration delay) {
        try {
            if (finished.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            do {
                draw();
            } while (!finished.await(period.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pads with spaces to cover the end of a longer line drawn before. */
    private void draw() {
        String line = text.get();
        out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        out.flush();
        drawnLength = Math.max(1, line.length());
    }
}
