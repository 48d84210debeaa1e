package netd.player.core;

import netd.common.id.PlayerId;
import netd.common.link.Backoff;
import netd.common.wire.HubMessage.PlayerEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

import static netd.player.PlayerTuning.EXTRA_FOR_DOWNLOADERS;
import static netd.player.PlayerTuning.LONELY_RETRY_MILLIS;
import static netd.player.PlayerTuning.MAX_CONNECTING;
import static netd.player.PlayerTuning.RECONNECT;
import static netd.player.PlayerTuning.ROTATED_OUT_MILLIS;
import static netd.player.PlayerTuning.WORKING_MILLIS;

/**
 * Whom this player dials to download from, and when again: the players the hub listed, the
 * dials under way, the download links open, and a growing backoff for each player that could
 * not be reached or dropped. It knows nothing of sockets or clocks: the connection manager
 * tells it what happened and the time, and asks it whom to dial.
 *
 * <p>Dials that fail while no uploader works (no download link open, or none has sent a good
 * book for {@link netd.player.PlayerTuning#WORKING_MILLIS}) may fail by this player's own fault: its link is down, and
 * every dial fails, while links that were not asked for anything stay open, dead. So meanwhile
 * a listed player that could not be reached is dialled again at most {@link
 * netd.player.PlayerTuning#LONELY_RETRY_MILLIS} after that failure, however long its backoff has grown, so that the
 * first dial after the link's return comes within seconds; and once a link opens again, those
 * that could not be reached meanwhile are due at once, so that the download is back to full
 * speed, not to one uploader while the rest wait out backoffs of tens of seconds. A player
 * that was reached and dropped the link (or sent garbage) keeps its growing backoff: that is
 * no fault of this player's link.
 */
final class Dialing {
    private static final Logger log = LoggerFactory.getLogger(Dialing.class);

    private final PlayerId ownId;
    private final int maxDownloads;
    private final Bans bans;
    private final RandomGenerator random;
    /** The hub's last list, usable entries only, in its order. */
    private final Map<PlayerId, PlayerEntry> known = new LinkedHashMap<>();
    private final Set<PlayerId> connecting = new HashSet<>();
    private final Set<PlayerId> downloading = new HashSet<>();
    private final Map<PlayerId, Long> retryAt = new HashMap<>();
    private final Map<PlayerId, Integer> failures = new HashMap<>();
    /** The players that download from this one now. */
    private final Set<PlayerId> downloaders = new HashSet<>();
    /** When each player whose last dial failed could not be reached. */
    private final Map<PlayerId, Long> unreachableAt = new HashMap<>();
    /** The players that could not be reached while no uploader worked. */
    private final Set<PlayerId> unreachableAlone = new HashSet<>();
    /** The players whose download link was given up as the slowest, until one opens again. */
    private final Set<PlayerId> rotated = new HashSet<>();
    /** When the last good book arrived, from anyone. */
    private long lastDeliveryAt = Long.MIN_VALUE / 2;
    /** Unusable entries in the hub's last answer, so a hub that keeps sending them is reported once. */
    private int lastUnusable;

    /** @param maxDownloads download links open or being opened at once at most */
    Dialing(PlayerId ownId, int maxDownloads, Bans bans, RandomGenerator random) {
        this.ownId = ownId;
        this.maxDownloads = maxDownloads;
        this.bans = bans;
        this.random = random;
    }

    /** The hub's latest list; {@code ourPort} tells entries that are this player itself. */
    void hubListed(List<PlayerEntry> players, int ourPort) {
        // A downloader of ours stays known though the hub's answer (a few of many) left it out.
        Map<PlayerId, PlayerEntry> ours = new LinkedHashMap<>(known);
        ours.keySet().retainAll(downloaders);
        known.clear();
        int unusable = 0;
        for (PlayerEntry entry : players) {
            InetSocketAddress address = PlayerAddresses.usable(entry);
            if (address == null || PlayerAddresses.isOwn(address, ourPort)) {
                unusable++;
                log.debug("ignored unusable hub entry {} {}:{}", entry.playerId(), entry.ip(), entry.port());
            } else if (!entry.playerId().equals(ownId) && !known.containsKey(entry.playerId())) {
                known.put(entry.playerId(), entry);
            }
        }
        ours.forEach(known::putIfAbsent);
        // Retry bookkeeping only for players still listed or connected: a hub that sends fresh
        // ids in every answer must not grow it without end.
        for (Set<PlayerId> ids : List.of(retryAt.keySet(), failures.keySet(), unreachableAt.keySet(), unreachableAlone, rotated)) {
            ids.removeIf(id -> !known.containsKey(id) && !downloading.contains(id));
        }
        // A hub that lists bad addresses or ports is broken or hostile: say so, once per change, not every announce.
        if (unusable != lastUnusable) {
            lastUnusable = unusable;
            if (unusable > 0) {
                log.warn("the hub listed {} unusable players (not a dotted quad and a port 1-65535, or this player's "
                        + "own address); skipped them", unusable);
            }
        }
    }

    /**
     * The listed players that may be dialled now, those that download from this player first,
     * each group in a random order: not banned, not linked or being dialled, not waiting out a
     * backoff (shortened while no uploader works). The caller dials them in order while {@link
     * #roomToDial} says so, telling {@link #dialled} of each.
     */
    List<PlayerEntry> candidates(long now) {
        List<PlayerEntry> candidates = new ArrayList<>(known.values());
        Collections.shuffle(candidates, new java.util.Random(random.nextLong()));
        candidates.sort(Comparator.comparing(entry -> !downloaders.contains(entry.playerId())));
        candidates.removeIf(entry -> !dialable(entry, now));
        return candidates;
    }

    /**
     * How many players {@link #candidates} would list now. It draws nothing from the random
     * source: a question about how many must not change what the next dial picks.
     */
    int candidateCount(long now) {
        int count = 0;
        for (PlayerEntry entry : known.values()) {
            if (dialable(entry, now)) {
                count++;
            }
        }
        return count;
    }

    private boolean dialable(PlayerEntry entry, long now) {
        PlayerId id = entry.playerId();
        return !downloading.contains(id) && !connecting.contains(id) && !bans.isBanned(id)
                && !bans.isBanned(PlayerAddresses.usable(entry)) && retryDue(id, now) <= now;
    }

    /**
     * Whether a dial to {@code id} may start: few dials under way, and fewer than --max-downloads
     * links open or being opened, or {@link #EXTRA_FOR_DOWNLOADERS} more when {@code id} downloads
     * from this player.
     */
    boolean roomToDial(PlayerId id) {
        int links = downloading.size() + connecting.size();
        return connecting.size() < MAX_CONNECTING
                && (links < maxDownloads || downloaders.contains(id) && links < maxDownloads + EXTRA_FOR_DOWNLOADERS);
    }

    /** Whether --max-downloads download links are open: with one free, it is dialled anyway, nothing need be given up. */
    boolean downloadsFull() {
        return downloading.size() >= maxDownloads;
    }

    /**
     * {@code id}'s download link, closed, was given up as the slowest ({@link PeerRotation}): it
     * is dialled again only after {@link netd.player.PlayerTuning#ROTATED_OUT_MILLIS}, so that
     * its link tries others first; but at once while no uploader works, since those it was given
     * up for are gone (in the lab's 1 -> 16 the leechers that completed left, and the last one
     * waited 26 s for the seeder it had given up, its only source left).
     */
    void rotatedOut(PlayerId id, long now) {
        retryAt.merge(id, now + ROTATED_OUT_MILLIS, Math::max);
        rotated.add(id);
    }

    /** {@code id} downloads from this player now (its handshake was accepted). */
    void downloaderOpened(PlayerId id) {
        downloaders.add(id);
    }

    /** {@code id}'s link to download from this player closed. */
    void downloaderClosed(PlayerId id) {
        downloaders.remove(id);
    }

    void dialled(PlayerId id) {
        connecting.add(id);
    }

    /** The dial to {@code id} found no free slot after all: nothing was dialled, and it may be dialled again at once. */
    void dialRefused(PlayerId id) {
        connecting.remove(id);
    }

    /** The dial to {@code id} made a download link: those unreachable while no uploader worked are due now. */
    void opened(PlayerId id) {
        connecting.remove(id);
        downloading.add(id);
        unreachableAt.remove(id);
        rotated.remove(id);
        retryAt.keySet().removeAll(unreachableAlone);
        unreachableAlone.clear();
    }

    /** The dial to {@code id} failed: it is dialled again after a backoff, which this returns (millis). */
    long dialFailed(PlayerId id, long now) {
        connecting.remove(id);
        retryLater(id, now);
        unreachableAt.put(id, now);
        if (!uploaderWorks(now)) {
            unreachableAlone.add(id);
        }
        return retryDue(id, now) - now;
    }

    /** The download link to {@code id} closed; unless there is nothing left to download, it is dialled again after a backoff. */
    void closed(PlayerId id, boolean complete, long now) {
        downloading.remove(id);
        if (!complete && !bans.isBanned(id)) {
            retryLater(id, now);
        }
    }

    /**
     * {@code id} sent a good book: its backoff starts over. Only a good book proves an uploader
     * worth reconnecting to at once: one that sends a fine bitfield and then garbage must not
     * reset its backoff and be redialled every 2 s.
     */
    void delivered(PlayerId id, long now) {
        failures.remove(id);
        lastDeliveryAt = now;
    }

    /**
     * Whether {@code id}'s listed address refused or failed this player's last dial to it (until
     * a dial to it opens): it does not give to this player, which the choking remembers
     * ({@link netd.player.choke.UnchokeChooser}). Not a dial that failed while no uploader
     * worked: that may be this player's own link (see the class comment).
     */
    boolean refused(PlayerId id) {
        return unreachableAt.containsKey(id) && !unreachableAlone.contains(id);
    }

    /** Whether {@code id} is in the hub's last list or downloaded from now. */
    boolean knows(PlayerId id) {
        return known.containsKey(id) || downloading.contains(id);
    }

    private void retryLater(PlayerId id, long now) {
        int failed = failures.merge(id, 1, Integer::sum);
        retryAt.put(id, now + RECONNECT.delayMillis(failed - 1, random));
    }

    /** When {@code id} may be dialled again: its backoff's end, or sooner (see the class comment and {@link #rotatedOut}). */
    private long retryDue(PlayerId id, long now) {
        long due = retryAt.getOrDefault(id, 0L);
        if (rotated.contains(id) && !uploaderWorks(now)) {
            return now;
        }
        Long unreachable = unreachableAt.get(id);
        if (unreachable != null && !uploaderWorks(now)) {
            return Math.min(due, unreachable + LONELY_RETRY_MILLIS);
        }
        return due;
    }

    /** Whether a download link is open and some uploader has sent a good book lately. */
    private boolean uploaderWorks(long now) {
        return !downloading.isEmpty() && now - lastDeliveryAt < WORKING_MILLIS;
    }
}
