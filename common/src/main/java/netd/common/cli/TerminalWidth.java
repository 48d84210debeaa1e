package netd.common.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The width of the terminal, in columns, found without native code: the COLUMNS environment
 * variable when set (as Python's and coreutils' tools take it), else what 'stty size' says of
 * the process's terminal (/dev/tty), asked again every few seconds so that a resized window is
 * followed, else 80. Shells keep COLUMNS to themselves unless exported, so stty is the usual
 * answer; Windows has neither /dev/tty nor stty, so there it is COLUMNS or 80.
 */
public final class TerminalWidth implements IntSupplier {
    static final int FALLBACK = 80;
    static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final String columnsVariable;
    private final Supplier<String> sttySize;
    private final LongSupplier nanoTime;
    private long checkedAt;
    private int width;

    TerminalWidth(String columnsVariable, Supplier<String> sttySize, LongSupplier nanoTime) {
        this.columnsVariable = columnsVariable;
        this.sttySize = sttySize;
        this.nanoTime = nanoTime;
    }

    /** This process's terminal. */
    public static TerminalWidth ofThisProcess() {
        return new TerminalWidth(System.getenv("COLUMNS"), TerminalWidth::askStty, System::nanoTime);
    }

    /** Asked at every redraw; stty runs at most once per {@link #RECHECK_NANOS}. */
    @Override
    public synchronized int getAsInt() {
        Integer columns = positive(columnsVariable);
        if (columns != null) {
            return columns;
        }
        long now = nanoTime.getAsLong();
        if (width == 0 || now - checkedAt >= RECHECK_NANOS) {
            width = fromSttySize(sttySize.get());
            checkedAt = now;
        }
        return width;
    }

    /** The columns in stty's answer ("ROWS COLUMNS"), or {@link #FALLBACK} for no or another answer. */
    static int fromSttySize(String answer) {
        if (answer == null) {
            return FALLBACK;
        }
        String[] parts = answer.trim().split("\\s+");
        Integer columns = parts.length == 2 ? positive(parts[1]) : null;
        return columns == null ? FALLBACK : columns;
    }

    private static Integer positive(String text) {
        if (text == null || !text.matches("[0-9]{1,5}")) {
            return null;
        }
        int value = Integer.parseInt(text);
        return value > 0 ? value : null;
    }

    /** 'stty size' on /dev/tty, or null where there is none or it fails. */
    private static String askStty() {
        File tty = new File("/dev/tty");
        if (!tty.exists()) {
            return null;
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String answer = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return stty.waitFor(1, TimeUnit.SECONDS) && stty.exitValue() == 0 ? answer : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
