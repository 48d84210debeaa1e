package netd.player.core;

/**
 * Whether a download link has stalled: it was asked for books and nothing at all has come
 * back on it for longer than its patience. Such a link is usually a dead path (a link that
 * went down): TCP keeps it open and retries on a backoff that doubles up to minutes, so its
 * first retry after the path returns can come ten or more seconds late. Dropping it and
 * dialling again resumes the download as soon as a new connection gets through. Pure: the
 * caller passes what it saw and the time, once a tick, for each download link.
 */
final class StallWatch {
    /** A link is never stalled sooner than this ({@link netd.player.PlayerTuning#STALL_FLOOR_MILLIS}). */
    static final long FLOOR_MILLIS = netd.player.PlayerTuning.STALL_FLOOR_MILLIS;
    private static final long NOT_WAITING = Long.MIN_VALUE;

    /** The first tick at which it was asked after it was last heard from; {@link #NOT_WAITING} when it has answered since. */
    private long waitingSince = NOT_WAITING;

    /**
     * The patience for an uploader whose requests time out after {@code requestTimeoutMillis}
     * (its pace: a slow uploader's books are far apart): that time, or {@link #FLOOR_MILLIS}.
     */
    static long patience(long requestTimeoutMillis) {
        return Math.max(FLOOR_MILLIS, requestTimeoutMillis);
    }

    /**
     * One look at the link at {@code now}: {@code asked} when requests to it are in flight,
     * {@code lastHeard} when anything (a book, any message) last arrived on it. True once it has
     * been waiting, asked and unheard, for {@code patienceMillis}. Requests given up meanwhile
     * do not end the wait: only hearing from it does.
     */
    boolean stalled(boolean asked, long lastHeard, long now, long patienceMillis) {
        if (waitingSince != NOT_WAITING && lastHeard >= waitingSince) {
            waitingSince = NOT_WAITING;
        }
        if (waitingSince == NOT_WAITING && asked) {
            waitingSince = Math.max(now, lastHeard);
        }
        return waitingSince != NOT_WAITING && now - waitingSince >= patienceMillis;
    }
}
