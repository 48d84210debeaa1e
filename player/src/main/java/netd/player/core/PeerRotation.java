package netd.player.core;

import netd.player.PlayerTuning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Peer rotation, as BitTorrent clients do it: once a period, while every download link is
 * taken and other listed players wait to be tried, the download link that brought the fewest
 * bytes over the period is given up, so that the freed link tries someone new; and with it
 * every other link that brought nothing at all over the period, as long as there are players
 * to try in their place. Links are one-way and each player downloads from a few, so without
 * it a player stays with the uploaders it drew at random: a fast uploader among slow ones
 * never finds the other fast ones, which tit-for-tat would have them serve first; and a
 * player whose uploaders all keep their slots for others (the first players of a flash
 * crowd, whom everyone dialled) waits choked on every link. Only links open a whole period
 * are judged: a newcomer has to be unchoked before it can bring anything. Nor is a link that
 * is the only one holding a book this player wants and unchokes it (a seeder's, while its
 * books are fresh): it may bring nothing for a while (its holder takes turns), and without it
 * the book is out of reach.
 *
 * <p>In a crowd (many listed players wait per download link) the links are looked at more
 * often than once a period, for those that keep this player choked: one that choked it
 * after unchoking it goes once choked a while, one that never unchoked it once open a while.
 * A link that unchokes this player is judged only by what it brings, once a period, so one
 * still ramping up (new, or just unchoked) is not given up for bringing little so far. Pure:
 * the caller passes what each link brought, its choke and the time, once a tick.
 *
 * @param <K> how the caller names a download link
 */
final class PeerRotation<K> {
    /**
     * One download link: how many bytes of books it brought since it opened, when it opened
     * (millis), when it last choked this player after unchoking it (millis; {@link #NEVER_UNCHOKED}
     * while it never unchoked it, {@link #UNCHOKING} while it unchokes it), and whether it is to
     * be kept however little it brought: it unchokes this player and is the only one holding
     * some book this player wants.
     */
    record Link<K>(K key, long bytesReceived, long openedAt, long chokedSince, boolean kept) {
    }

    /** A link's {@code chokedSince} while its uploader unchokes this player. */
    static final long UNCHOKING = Long.MAX_VALUE;
    /** A link's {@code chokedSince} while its uploader has not unchoked this player since the link opened. */
    static final long NEVER_UNCHOKED = Long.MIN_VALUE;

    private final long periodMillis;
    /** How long a link that unchoked this player and choked it again may keep it choked. */
    private final long chokedMillis;
    /** How long a link whose uploader never unchoked this player may be open. */
    private final long newLinkChokedMillis;
    private long nextAt;
    private long nextLookAt;
    /** Bytes each link had brought at the last look, to measure the period's. */
    private final Map<K, Long> bytesAtLastLook = new HashMap<>();

    /**
     * @param periodMillis        how often the slowest link is given up
     * @param chokedMillis        how long a link that choked this player again may keep it choked; also how often links are looked at
     * @param newLinkChokedMillis how long a link that never unchoked this player may be open, at least {@code chokedMillis}
     * @param now                 the time (millis) the first period starts
     */
    PeerRotation(long periodMillis, long chokedMillis, long newLinkChokedMillis, long now) {
        if (periodMillis <= 0 || chokedMillis <= 0 || newLinkChokedMillis < chokedMillis) {
            throw new IllegalArgumentException("rotation periods must last some time, and a new link at least as long as one"
                    + " choked again: " + periodMillis + ", " + chokedMillis + ", " + newLinkChokedMillis);
        }
        this.periodMillis = periodMillis;
        this.chokedMillis = chokedMillis;
        this.newLinkChokedMillis = newLinkChokedMillis;
        this.nextAt = now + periodMillis;
        this.nextLookAt = now + Math.min(periodMillis, chokedMillis);
    }

    /** Whether a look is due at {@code now}: only then is it worth describing the links for {@link #due}. */
    boolean isDue(long now) {
        return now >= nextLookAt;
    }

    /**
     * One look at {@code now}: the links to give up, at most {@code waiting} (the listed
     * players that could be dialled in their place). Once a period: the slowest, then every
     * other that brought nothing over the period (of equally slow links, the one opened first
     * goes first). At every look, while {@link PlayerTuning#CROWD_WAITING_PER_LINK} players per
     * link wait: every link not kept that has kept this player choked long enough. None when no
     * look is due, some download link is still free ({@code full} false: the free one tries
     * someone new anyway) or nobody waits to be tried.
     */
    List<K> due(List<Link<K>> links, boolean full, int waiting, long now) {
        if (!isDue(now)) {
            return List.of();
        }
        boolean periodOver = now >= nextAt;
        nextLookAt = now + Math.min(periodMillis, chokedMillis);
        List<K> givenUp = new ArrayList<>();
        if (periodOver) {
            nextAt = now + periodMillis;
            givenUp.addAll(periodsLosers(links, now));
        }
        if (!full || waiting <= 0) {
            return List.of();
        }
        if (waiting >= PlayerTuning.CROWD_WAITING_PER_LINK * links.size()) {
            for (Link<K> link : links) {
                if (!link.kept() && chokedLongEnough(link, now) && !givenUp.contains(link.key())) {
                    givenUp.add(link.key());
                }
            }
        }
        return givenUp.size() > waiting ? List.copyOf(givenUp.subList(0, waiting)) : givenUp;
    }

    private boolean chokedLongEnough(Link<K> link, long now) {
        if (link.chokedSince() == UNCHOKING) {
            return false;
        }
        if (link.chokedSince() == NEVER_UNCHOKED) {
            return now - link.openedAt() >= newLinkChokedMillis;
        }
        return now - link.chokedSince() >= chokedMillis;
    }

    /** The period's slowest link, then every other that brought nothing over it. */
    private List<K> periodsLosers(List<Link<K>> links, long now) {
        Link<K> slowest = null;
        long slowestBytes = Long.MAX_VALUE;
        List<K> broughtNothing = new ArrayList<>();
        Map<K, Long> looked = new HashMap<>();
        for (Link<K> link : links) {
            looked.put(link.key(), link.bytesReceived());
            Long before = bytesAtLastLook.get(link.key());
            if (before == null || now - link.openedAt() < periodMillis || link.kept()) {
                continue;
            }
            long brought = link.bytesReceived() - before;
            if (brought < slowestBytes) {
                slowest = link;
                slowestBytes = brought;
            }
            if (brought == 0) {
                broughtNothing.add(link.key());
            }
        }
        bytesAtLastLook.clear();
        bytesAtLastLook.putAll(looked);
        if (slowest == null) {
            return List.of();
        }
        List<K> losers = new ArrayList<>();
        losers.add(slowest.key());
        for (K key : broughtNothing) {
            if (!key.equals(slowest.key())) {
                losers.add(key);
            }
        }
        return losers;
    }
}
