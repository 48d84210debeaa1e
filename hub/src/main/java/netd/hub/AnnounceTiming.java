package netd.hub;

import java.time.Duration;
import java.time.Instant;

/**
 * The hub's clock rules: how often players should announce, when an announce comes too
 * soon, and when a silent player is forgotten.
 *
 * @param grace how late past two intervals an announce may be before its player is dropped:
 *              covers slow networks and timers
 */
public record AnnounceTiming(Duration interval, Duration minInterval, Duration grace) {
    /** Half an interval of grace, and at least a second, so tiny test intervals still tolerate jitter. */
    public static AnnounceTiming of(Duration interval, Duration minInterval) {
        Duration grace = interval.dividedBy(2);
        return new AnnounceTiming(interval, minInterval, grace.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : grace);
    }

    /** How long a player may stay silent before it is dropped. */
    public Duration silenceLimit() {
        return interval.multipliedBy(2).plus(grace);
    }

    /** Players last seen before this instant are dropped at {@code now}. */
    public Instant expiryCutoff(Instant now) {
        return now.minus(silenceLimit());
    }

    /** Whether an announce at {@code now} comes sooner than {@code min interval} after the one at {@code previous}. */
    public boolean tooSoon(Instant previous, Instant now) {
        return Duration.between(previous, now).compareTo(minInterval) < 0;
    }
}
