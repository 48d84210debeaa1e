package netd.hub;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The too-soon warning's text, made once per gap (whole milliseconds) and min interval and
 * handed out again: at 50,000 announces a second every answer of the hub benchmark carries
 * one, and a fresh string per answer was an eighth of what an announce allocated
 * (docs/hub-performance.md). A warned gap is shorter than its min interval, and a hub has
 * few min intervals ({@link AnnounceTiming#minIntervalFor}), so the texts kept are bounded;
 * gaps of {@link #MAX_CACHED_MILLIS} or more, or below zero (a clock stepped back), get a
 * text made for them. Not thread-safe: the registrar's thread is its one user.
 */
final class TooSoonWarnings {
    /** Texts kept per min interval at most: 10 s of gaps, about 1 MiB if every one is used. */
    private static final int MAX_CACHED_MILLIS = 10_000;

    /** Per min interval in seconds, the text per gap in milliseconds, null until first used. */
    private final Map<Long, String[]> byMinInterval = new HashMap<>();

    /** The warning for an announce {@code gap} after the previous one, the min interval being {@code minInterval}. */
    String text(Duration gap, Duration minInterval) {
        long gapMillis = gap.toMillis();
        long minSeconds = minInterval.toSeconds();
        if (gapMillis < 0 || gapMillis >= MAX_CACHED_MILLIS) {
            return format(gapMillis, minSeconds);
        }
        String[] texts = byMinInterval.computeIfAbsent(minSeconds, s -> new String[MAX_CACHED_MILLIS]);
        String text = texts[(int) gapMillis];
        if (text == null) {
            text = format(gapMillis, minSeconds);
            texts[(int) gapMillis] = text;
        }
        return text;
    }

    private static String format(long gapMillis, long minSeconds) {
        return "announced " + gapMillis + " ms after the previous announce; the min interval is " + minSeconds + " s";
    }
}
