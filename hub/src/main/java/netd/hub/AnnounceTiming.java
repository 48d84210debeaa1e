package netd.hub;

import java.time.Duration;
import java.time.Instant;

/**
 * The hub's clock rules: how often players should announce, when an announce comes too
 * soon, and when a silent player is forgotten.
 *
 * <p>While a swarm fits in one answer, every answer lists every other player, and a player
 * whose list was too short to download from can hear of a newcomer only by asking again:
 * the first leecher of a swarm, listed only the seeder, would otherwise download from the
 * seeder alone for a whole min interval while the leechers after it download from it. Such
 * a swarm is told {@link #SMALL_SWARM_MIN_INTERVAL} (or the configured min interval, if
 * shorter): its announces are few, so asking sooner costs the hub little.
 *
 * @param grace how late past two intervals an announce may be before its player is dropped:
 *              covers slow networks and timers
 */
public record AnnounceTiming(Duration interval, Duration minInterval, Duration grace) {
    /** The min interval of a swarm small enough for one answer to list every other player. */
    public static final Duration SMALL_SWARM_MIN_INTERVAL = Duration.ofSeconds(1);

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

    /**
     * The min interval told to a player of a swarm of {@code players} (the asker counted), when
     * an answer lists at most {@code maxListed}.
     */
    public Duration minIntervalFor(long players, int maxListed) {
        boolean allListed = players - 1 <= maxListed;
        return allListed && SMALL_SWARM_MIN_INTERVAL.compareTo(minInterval) < 0 ? SMALL_SWARM_MIN_INTERVAL : minInterval;
    }

    /**
     * Whether an announce at {@code now} comes sooner than {@code minInterval} after the one at
     * {@code previous}. A player told the short min interval whose swarm has grown past one
     * answer since is warned once: the hub keeps no record of what it told whom.
     */
    public static boolean tooSoon(Instant previous, Instant now, Duration minInterval) {
        return Duration.between(previous, now).compareTo(minInterval) < 0;
    }
}
