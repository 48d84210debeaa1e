package netd.player;

import static netd.player.PlayerTuning.HISTORY_SECONDS;
import static netd.player.PlayerTuning.NEWEST_WEIGHT;

/**
 * The player's down and up speeds, from its byte counters sampled once a second: smoothed
 * over a few seconds for the live line, the status file and the ETA, and each second's own
 * figure kept for the last {@link netd.player.PlayerTuning#HISTORY_SECONDS} seconds, for the web page's chart.
 * Sampled by one thread, read by any.
 */
public final class Speeds {

    private final long[] downHistory = new long[HISTORY_SECONDS];
    private final long[] upHistory = new long[HISTORY_SECONDS];
    private int samples;
    private long lastDownloaded;
    private long lastUploaded;
    private long lastMillis;
    private double down;
    private double up;

    public Speeds(long downloaded, long uploaded, long nowMillis) {
        this.lastDownloaded = downloaded;
        this.lastUploaded = uploaded;
        this.lastMillis = nowMillis;
    }

    /** Takes the counters' values at {@code nowMillis}, about a second after the last sample. */
    public synchronized void sample(long downloaded, long uploaded, long nowMillis) {
        double seconds = Math.max(1, nowMillis - lastMillis) / 1000.0;
        long downNow = Math.round((downloaded - lastDownloaded) / seconds);
        long upNow = Math.round((uploaded - lastUploaded) / seconds);
        down = (1 - NEWEST_WEIGHT) * down + NEWEST_WEIGHT * downNow;
        up = (1 - NEWEST_WEIGHT) * up + NEWEST_WEIGHT * upNow;
        downHistory[samples % HISTORY_SECONDS] = downNow;
        upHistory[samples % HISTORY_SECONDS] = upNow;
        samples++;
        lastDownloaded = downloaded;
        lastUploaded = uploaded;
        lastMillis = nowMillis;
    }

    /** Bytes downloaded per second, smoothed. */
    public synchronized double down() {
        return down;
    }

    /** Bytes uploaded per second, smoothed. */
    public synchronized double up() {
        return up;
    }

    /**
     * Seconds until {@code leftBytes} are downloaded at the smoothed speed, or -1 when it
     * cannot be told (under a byte a second).
     */
    public synchronized long etaSeconds(long leftBytes) {
        return down < 1 ? -1 : (long) (leftBytes / down);
    }

    /** The last seconds' figures, oldest first: bytes downloaded ({@code down}) and uploaded in each. */
    public synchronized History history() {
        int count = Math.min(samples, HISTORY_SECONDS);
        long[] downs = new long[count];
        long[] ups = new long[count];
        for (int i = 0; i < count; i++) {
            int slot = (samples - count + i) % HISTORY_SECONDS;
            downs[i] = downHistory[slot];
            ups[i] = upHistory[slot];
        }
        return new History(downs, ups);
    }

    public record History(long[] down, long[] up) {
    }
}
