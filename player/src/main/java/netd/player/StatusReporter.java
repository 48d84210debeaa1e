package netd.player;

import netd.common.cli.LiveLine;
import netd.common.id.PlayerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Tells how the player is doing, every second: a live line on a terminal (books, %, down and
 * up speed, peers, ETA), the same figures logged every 10 s off one, and the JSON status
 * file when asked for.
 */
final class StatusReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);
    private static final long PERIOD_MILLIS = 1000;
    private static final int LOG_EVERY_PERIODS = 10;
    private static final double MIB = 1 << 20;

    private final Progress progress;
    private final StatusFile statusFile;
    private final LiveLine liveLine;
    private final Thread sampler;
    private long lastDownloaded;
    private long lastUploaded;
    private volatile double downRate;
    private volatile double upRate;

    /**
     * @param statusFile null for none
     * @param terminal   where to draw the live line, or null to log instead
     */
    StatusReporter(Progress progress, Path statusFile, PlayerId playerId, PrintStream terminal) {
        this.progress = progress;
        this.statusFile = statusFile == null ? null : new StatusFile(statusFile, playerId);
        this.lastDownloaded = progress.downloadedBytes();
        this.lastUploaded = progress.uploadedBytes();
        this.liveLine = terminal == null ? null : new LiveLine(terminal, this::line, Duration.ofMillis(PERIOD_MILLIS),
                Duration.ofMillis(PERIOD_MILLIS));
        this.sampler = Thread.ofVirtual().name("status").start(this::sample);
    }

    private void sample() {
        try {
            for (int period = 1; ; period++) {
                Thread.sleep(PERIOD_MILLIS);
                long downloaded = progress.downloadedBytes();
                long uploaded = progress.uploadedBytes();
                // Smoothed over a few seconds, so the line and the ETA do not jump about.
                downRate = 0.7 * downRate + 0.3 * (downloaded - lastDownloaded) * 1000.0 / PERIOD_MILLIS;
                upRate = 0.7 * upRate + 0.3 * (uploaded - lastUploaded) * 1000.0 / PERIOD_MILLIS;
                lastDownloaded = downloaded;
                lastUploaded = uploaded;
                if (statusFile != null) {
                    statusFile.write(progress, true);
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
                held, total, 100.0 * held / total, downRate / MIB, upRate / MIB, progress.peers(), eta());
    }

    private String eta() {
        if (progress.complete()) {
            return "done";
        }
        if (downRate < 1) {
            return "--";
        }
        long seconds = (long) (progress.left() / downRate);
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
            statusFile.write(progress, false);
        }
    }
}
