package netd.player;

import netd.common.cli.LiveLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;

import static netd.player.PlayerTuning.LOG_EVERY_PERIODS;
import static netd.player.PlayerTuning.PERIOD_MILLIS;

/**
 * Tells how the player is doing, every second: it samples the {@link Speeds}, draws a live
 * line on a terminal (books, %, down and up speed, peers, ETA), logs the same every 10 s off
 * one, and writes the JSON status file when asked for.
 */
final class StatusReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);
    private static final double MIB = 1 << 20;

    private final Progress progress;
    private final Speeds speeds;
    private final InstantSource clock;
    private final StatusFile statusFile;
    private final LiveLine liveLine;
    private final Thread sampler;

    /**
     * @param statusFile null for none
     * @param terminal   where to draw the live line, or null to log instead
     */
    StatusReporter(Progress progress, Speeds speeds, StatusJson status, InstantSource clock, Path statusFile,
                   PrintStream terminal) {
        this.progress = progress;
        this.speeds = speeds;
        this.clock = clock;
        this.statusFile = statusFile == null ? null : new StatusFile(statusFile, status);
        this.liveLine = terminal == null ? null : new LiveLine(terminal, this::line, Duration.ofMillis(PERIOD_MILLIS),
                Duration.ofMillis(PERIOD_MILLIS));
        this.sampler = Thread.ofVirtual().name("status").start(this::sample);
    }

    private void sample() {
        try {
            for (int period = 1; ; period++) {
                Thread.sleep(PERIOD_MILLIS);
                speeds.sample(progress.downloadedBytes(), progress.uploadedBytes(), clock.millis());
                if (statusFile != null) {
                    statusFile.write(true);
                }
                if (liveLine == null && period % LOG_EVERY_PERIODS == 0) {
                    log.info(line());
                }
            }
        } catch (InterruptedException e) {
            // close() ends the sampling; the final figures are written there
        }
    }

    /** The status as one line: books, %, speeds, peers and the time left. */
    String line() {
        long held = progress.heldBooks();
        int total = progress.bookCount();
        return String.format(Locale.ROOT, "books %d/%d (%.1f%%)  down %.1f MiB/s  up %.1f MiB/s  peers %d  ETA %s",
                held, total, 100.0 * held / total, speeds.down() / MIB, speeds.up() / MIB, progress.peers(), eta());
    }

    private String eta() {
        if (progress.complete()) {
            return "done";
        }
        long seconds = speeds.etaSeconds(progress.left());
        if (seconds < 0) {
            return "--";
        }
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    @Override
    public void close() throws InterruptedException {
        sampler.interrupt();
        sampler.join();
        if (liveLine != null) {
            liveLine.close();
        }
        if (statusFile != null) {
            statusFile.write(false);
        }
    }
}
