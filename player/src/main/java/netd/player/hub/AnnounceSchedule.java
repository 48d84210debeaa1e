package netd.player.hub;

import static netd.player.PlayerTuning.ANSWER_TIMEOUT_MILLIS;
import static netd.player.PlayerTuning.MIN_INTERVAL_MARGIN_MILLIS;

/**
 * When this player announces to the hub. Pure state, times in millis from a clock the caller
 * reads; {@link HubCommunication} asks it before every announce.
 *
 * <ul>
 * <li>Never sooner than the hub's min interval after the previous announce, and an announce
 * counts as happening until its answer arrives or it is given up: over a link that went down,
 * a notify waits in the socket and reaches the hub when the link returns, so the hub dates it
 * from then, not from when it was sent.</li>
 * <li>One announce at a time: none while one waits for its answer, as a second would only
 * queue behind the first and reach the hub right after it.</li>
 * <li>After an answer, the next after the hub's interval, or after its min interval while the
 * player lacks players to download from: a player that started before any other (an answer
 * that lists nobody) must not wait the whole interval to hear of the first uploader.</li>
 * <li>An answer overdue by {@link netd.player.PlayerTuning#ANSWER_TIMEOUT_MILLIS} means the hub or the path to it is
 * gone: the caller gives the announce up ({@link #lost}) and connects again.</li>
 * </ul>
 */
public final class AnnounceSchedule {

    private long intervalMillis;
    private long minIntervalMillis;
    /** The last moment the previous announce may have reached the hub: its answer, its loss, or its sending. */
    private long lastAt = Long.MIN_VALUE / 2;
    private long sentAt;
    private boolean awaitingAnswer;
    /** When the next announce is due, before the min interval is applied. */
    private long dueAt;

    /** The first announce is due at {@code now}; until the hub says otherwise, these intervals hold. */
    public AnnounceSchedule(long intervalMillis, long minIntervalMillis, long now) {
        this.intervalMillis = intervalMillis;
        this.minIntervalMillis = minIntervalMillis;
        this.dueAt = now;
    }

    /** An announce went out at {@code now}. */
    public void sent(long now) {
        sentAt = now;
        lastAt = now;
        awaitingAnswer = true;
        dueAt = now + intervalMillis;
    }

    /**
     * The hub answered at {@code now}, with its intervals; {@code wantsPlayers} when this player
     * lacks players to download from, so that it asks again at the min interval.
     */
    public void answered(long now, long interval, long minInterval, boolean wantsPlayers) {
        awaitingAnswer = false;
        lastAt = now;
        intervalMillis = interval;
        minIntervalMillis = minInterval;
        dueAt = wantsPlayers ? earliest() : now + intervalMillis;
    }

    /**
     * The hub answered at {@code now} with no intervals: a refusal, or an answer this player
     * cannot read. The next announce goes after the interval known so far.
     */
    public void refused(long now) {
        awaitingAnswer = false;
        lastAt = now;
        dueAt = now + intervalMillis;
    }

    /**
     * The link to the hub closed at {@code now}, or the announce in flight was given up: it may
     * have reached the hub until now. The next try is at {@code retryAt} (or the min interval).
     */
    public void lost(long now, long retryAt) {
        if (awaitingAnswer) {
            awaitingAnswer = false;
            lastAt = now;
        }
        dueAt = retryAt;
    }

    /** Connecting failed: the next try is at {@code retryAt}. */
    public void retryAt(long retryAt) {
        dueAt = retryAt;
    }

    /** An announce is wanted as soon as the min interval allows (players wanted, an event to tell). */
    public void soon() {
        dueAt = Math.min(dueAt, earliest());
    }

    /** Whether the next announce should go at {@code now}. */
    public boolean due(long now) {
        return !awaitingAnswer && now >= nextAt();
    }

    /** Whether the announce in flight has waited too long for its answer. */
    public boolean answerOverdue(long now) {
        return awaitingAnswer && now - sentAt >= ANSWER_TIMEOUT_MILLIS;
    }

    /** When something is next to be done: the next announce, or giving up the one in flight. */
    public long wakeAt() {
        return awaitingAnswer ? sentAt + ANSWER_TIMEOUT_MILLIS : nextAt();
    }

    /** When the next announce goes, its answer having come. */
    public long nextAt() {
        return Math.max(dueAt, earliest());
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    private long earliest() {
        return lastAt + minIntervalMillis + MIN_INTERVAL_MARGIN_MILLIS;
    }
}
