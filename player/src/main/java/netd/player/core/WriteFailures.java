package netd.player.core;

/**
 * How many writes of books failed in this run, and when the player gives up: a disk that
 * refuses one write may take the next (the book is asked again), one that refuses again and
 * again will not, and the player stops rather than download forever.
 */
final class WriteFailures {
    private final int limit;
    private int failures;

    WriteFailures(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a limit of " + limit + " write failures");
        }
        this.limit = limit;
    }

    /** One more write failed; true once the failures reach the limit (and for each one after). */
    boolean failed() {
        return ++failures >= limit;
    }
}
