package netd.player.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Peer rotation, as BitTorrent clients do it: once a period, while every download link is
 * taken and another listed player waits to be tried, the download link that brought the
 * fewest bytes over the period is given up, so that the freed link tries someone new. Links are
 * one-way and each player downloads from a few, so without it a player stays with the
 * uploaders it drew at random: a fast uploader among slow ones never finds the other fast
 * ones, which tit-for-tat would have them serve first. Only links open a whole period are
 * judged: a newcomer has to be unchoked before it can bring anything. Nor is a link that is the
 * only one holding a book this player wants (a seeder's, while its books are fresh): it may
 * bring nothing for a while (its holder takes turns), and without it the book is out of reach.
 * Pure: the caller passes what each link brought and the time, once a tick.
 *
 * @param <K> how the caller names a download link
 */
final class PeerRotation<K> {
    /**
     * One download link: how many bytes of books it brought since it opened, when it opened
     * (millis), and whether it is the only one holding some book this player wants.
     */
    record Link<K>(K key, long bytesReceived, long openedAt, boolean onlySource) {
    }

    private final long periodMillis;
    private long nextAt;
    /** Bytes each link had brought at the last look, to measure the period's. */
    private final Map<K, Long> bytesAtLastLook = new HashMap<>();

    /** @param now the time (millis) the first period starts */
    PeerRotation(long periodMillis, long now) {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("a rotation period must last some time: " + periodMillis);
        }
        this.periodMillis = periodMillis;
        this.nextAt = now + periodMillis;
    }

    /** Whether a period is over at {@code now}: only then is it worth describing the links for {@link #due}. */
    boolean isDue(long now) {
        return now >= nextAt;
    }

    /**
     * One look at {@code now}: the link to give up, or null when the period is not over, some
     * download link is still free ({@code full} false: the free one tries someone new anyway),
     * nobody waits to be tried ({@code someoneToTry} false), or no link has been open a whole
     * period but the only sources of a wanted book. Of equally slow links, the one opened first goes.
     */
    K due(List<Link<K>> links, boolean full, boolean someoneToTry, long now) {
        if (!isDue(now)) {
            return null;
        }
        nextAt = now + periodMillis;
        Link<K> slowest = null;
        long slowestBytes = Long.MAX_VALUE;
        Map<K, Long> looked = new HashMap<>();
        for (Link<K> link : links) {
            looked.put(link.key(), link.bytesReceived());
            Long before = bytesAtLastLook.get(link.key());
            if (before == null || now - link.openedAt() < periodMillis || link.onlySource()) {
                continue;
            }
            long brought = link.bytesReceived() - before;
            if (brought < slowestBytes) {
                slowest = link;
                slowestBytes = brought;
            }
        }
        bytesAtLastLook.clear();
        bytesAtLastLook.putAll(looked);
        return full && someoneToTry && slowest != null ? slowest.key() : null;
    }
}
