package netd.player.core;

/**
 * How fast bytes moved on one connection in one direction lately: at the end of each choking
 * round the rate becomes the mean of the round's bytes and the rate before, so each older
 * round counts half as much as the one after it. In bytes per round; the choking round uses
 * only its order among peers.
 */
final class Rate {
    private long totalAtLastRound;
    private long perRound;

    /** A choking round ended with {@code total} bytes moved since the connection opened. */
    void roundEnded(long total) {
        perRound = (perRound + (total - totalAtLastRound)) / 2;
        totalAtLastRound = total;
    }

    /** Bytes per round, lately. */
    long perRound() {
        return perRound;
    }
}
