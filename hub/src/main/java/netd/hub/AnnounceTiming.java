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
 * <p>And so is a swarm that {@link #SMALL_SWARM_ANSWERS} answers list whole. An answer lists
 * only players that announced before the asker, so in a flash crowd the players that came
 * early know only each other, and download from the players that everyone else dials too,
 * until they ask again: told the long min interval, they finish last. Far larger swarms are
 * not told it: a crowd asking again at once is listed the same players. A player asks again
 * only while it wants more players (the player's MorePlayers), so a swarm whose size holds
 * announces no more often for it. The simulated figures behind the bound: docs/simulator.md,
 * "The early players".
 *
 * @param grace how late past two intervals an announce may be before its player is dropped:
 *              covers slow networks and timers
 */
public record AnnounceTiming(Duration interval, Duration minInterval, Duration grace) {
    /** The min interval of a swarm small enough for {@link #SMALL_SWARM_ANSWERS} answers to list every other player. */
    public static final Duration SMALL_SWARM_MIN_INTERVAL = Duration.ofSeconds(1);
    /** Answers that list a swarm whole, at most, for the swarm to be told {@link #SMALL_SWARM_MIN_INTERVAL}. */
    public static final int SMALL_SWARM_ANSWERS = 4;

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
     * an answer lists at most {@code maxListed}: the short one while {@link #SMALL_SWARM_ANSWERS}
     * answers list every other player.
     */
    public Duration minIntervalFor(long players, int maxListed) {
        boolean small = players - 1 <= (long) SMALL_SWARM_ANSWERS * maxListed;
        return small && SMALL_SWARM_MIN_INTERVAL.compareTo(minInterval) < 0 ? SMALL_SWARM_MIN_INTERVAL : minInterval;
    }

    /**
     * Whether an announce at {@code now} comes sooner than {@code minInterval} after the one at
     * {@code previous}. A player told the short min interval whose swarm has grown past four
     * answers since is warned once: the hub keeps no record of what it told whom.
     */
    public static boolean tooSoon(Instant previous, Instant now, Duration minInterval) {
        return Duration.between(previous, now).compareTo(minInterval) < 0;
    }
}
