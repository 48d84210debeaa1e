package netd.player.core;

import java.util.function.BooleanSupplier;

import static netd.player.PlayerTuning.LINGER_MILLIS;

/**
 * When a player that completed its download is no longer needed, and so may end if it ends once
 * complete (--exit-when-done): once no downloader wants a book of it, or {@link
 * netd.player.PlayerTuning#LINGER_MILLIS} after it completed, whichever comes first; said once.
 *
 * <p>Why: a leecher that ended the moment it held every book dropped what its downloaders had
 * asked of it, a book cut mid-frame among them, and the last of them, left with the seeder
 * (which tells a downloader of a few books at a time in its initial seeding), completed
 * 0.3-0.6 s after the others in the lab's 1 -> 8 (docs/BENCHMARKS.md). Bounded, so that it still
 * ends soon after its download, as asked. Pure: times are given.
 */
final class Lingering {
    /** When the download completed; -1 while it has not (or the player held every book from the start). */
    private long completedAt = -1;
    private boolean said;

    /** The download completed at {@code now}. */
    void completed(long now) {
        completedAt = now;
    }

    /**
     * Whether to say now that the player is no longer needed: true once, when it completed its
     * download and {@code wanted} (some downloader wants a book of it) is false or it has waited
     * {@link netd.player.PlayerTuning#LINGER_MILLIS}. {@code wanted} is asked only then: the
     * caller asks at every turn of its loop, most of them long before completion.
     */
    boolean noLongerNeeded(long now, BooleanSupplier wanted) {
        if (said || completedAt < 0 || now - completedAt < LINGER_MILLIS && wanted.getAsBoolean()) {
            return false;
        }
        said = true;
        return true;
    }
}
