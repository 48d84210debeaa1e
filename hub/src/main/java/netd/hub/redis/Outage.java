package netd.hub.redis;

import java.time.Duration;
import java.time.Instant;

/**
 * When to try a lost store again, and what is worth saying about it. While the store is
 * down, attempts are spaced by a delay that doubles from {@link #FIRST_RETRY} up to
 * {@link #LAST_RETRY}: between attempts, calls fail at once instead of each waiting for a
 * connection timeout. An outage is reported once when it starts and once when it ends, not
 * once per failed call. Pure: the caller gives the time.
 */
final class Outage {
    static final Duration FIRST_RETRY = Duration.ofMillis(100);
    static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private Instant since;
    private Instant nextAttempt;
    private Duration delay = FIRST_RETRY;

    boolean isOn() {
        return since != null;
    }

    /** Whether a call may try the store now: always while it is up, on schedule while it is down. */
    boolean mayTry(Instant now) {
        return since == null || !now.isBefore(nextAttempt);
    }

    /** A call failed at {@code now}. Returns true when this starts an outage: the one failure worth a warning. */
    boolean failed(Instant now) {
        boolean starts = since == null;
        if (starts) {
            since = now;
            delay = FIRST_RETRY;
        } else {
            delay = delay.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay.multipliedBy(2);
        }
        nextAttempt = now.plus(delay);
        return starts;
    }

    /** A call succeeded at {@code now}. Returns how long the outage it ends lasted, or null when there was none. */
    Duration succeeded(Instant now) {
        if (since == null) {
            return null;
        }
        Duration lasted = Duration.between(since, now);
        since = null;
        return lasted;
    }
}
