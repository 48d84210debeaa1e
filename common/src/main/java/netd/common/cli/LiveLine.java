package netd.common.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A line on a terminal, redrawn in place with a carriage return by its own thread, so the
 * work it reports on only updates counters. It appears only once the work has taken longer
 * than {@code delay}, so quick runs print nothing. It never wraps: it is cut to the terminal's
 * width ({@link #fit}), as a wrapped line would be redrawn below itself at every period.
 */
public final class LiveLine implements AutoCloseable {
    private final PrintStream out;
    private final Supplier<String> text;
    private final IntSupplier width;
    private final Duration period;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread painter;
    private int drawnLength;

    public LiveLine(PrintStream out, Supplier<String> text, Duration delay, Duration period) {
        this(out, text, TerminalWidth.ofThisProcess(), delay, period);
    }

    /** @param width the terminal's width in columns, asked at every redraw */
    public LiveLine(PrintStream out, Supplier<String> text, IntSupplier width, Duration delay, Duration period) {
        this.out = out;
        this.text = text;
        this.width = width;
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

    /** Pads with spaces to cover the end of a longer line drawn before, within the width. */
    private void draw() {
        int columns = width.getAsInt();
        String line = fit(text.get(), columns);
        int covered = Math.min(drawnLength, columns - 1);
        out.print("\r" + line + " ".repeat(Math.max(0, covered - line.length())));
        out.flush();
        drawnLength = Math.max(1, line.length());
    }

    /**
     * {@code line} within {@code columns - 1} characters (a character in the last column makes
     * some terminals wrap): the whole fields it has room for, fields being separated by two
     * spaces, or, when not even the first fits, its start.
     */
    static String fit(String line, int columns) {
        int room = Math.max(1, columns - 1);
        if (line.length() <= room) {
            return line;
        }
        int end = line.lastIndexOf("  ", room);
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        return end > 0 ? line.substring(0, end) : line.substring(0, room);
    }
}
