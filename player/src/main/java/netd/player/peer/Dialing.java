package netd.player.peer;

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

/**
 * Whom this player dials to download from, and when again: the players the hub listed, the
 * dials under way, the download links open, and a growing backoff for each player that could
 * not be reached or dropped. It knows nothing of sockets or clocks: the connection manager
 * tells it what happened and the time, and asks it whom to dial.
 */
final class Dialing {
    private static final Logger log = LoggerFactory.getLogger(Dialing.class);

    /** Reconnecting to a player that failed or dropped: 2 s, 4 s, ... up to 5 minutes, with jitter. */
    static final Backoff RECONNECT = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));
    /** Dials under way at once at most, so that a list of dead players does not take every slot. */
    static final int MAX_CONNECTING = 8;
    /**
     * Download links beyond --max-downloads to players that download from this one: tit-for-tat
     * can only reward a downloader this player also downloads from (links are one-way), and it
     * unchokes 4 + 1 at a time. In a simulated swarm of 100, where each player dialled 8 listed
     * players at random, 9 players were dialled by nobody and never uploaded a byte, and a free
     * rider got as much as the honest ones (scripts/simulate.sh).
     */
    static final int EXTRA_FOR_DOWNLOADERS = 5;

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
        retryAt.keySet().removeIf(id -> !known.containsKey(id) && !downloading.contains(id));
        failures.keySet().removeIf(id -> !known.containsKey(id) && !downloading.contains(id));
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
     * backoff. The caller dials them in order while {@link #roomToDial} says so, telling {@link
     * #dialled} of each.
     */
    List<PlayerEntry> candidates(long now) {
        List<PlayerEntry> candidates = new ArrayList<>(known.values());
        Collections.shuffle(candidates, new java.util.Random(random.nextLong()));
        candidates.sort(Comparator.comparing(entry -> !downloaders.contains(entry.playerId())));
        candidates.removeIf(entry -> {
            PlayerId id = entry.playerId();
            return downloading.contains(id) || connecting.contains(id) || bans.isBanned(id)
                    || bans.isBanned(PlayerAddresses.usable(entry)) || retryAt.getOrDefault(id, 0L) > now;
        });
        return candidates;
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

    /** The dial to {@code id} made a download link. */
    void opened(PlayerId id) {
        connecting.remove(id);
        downloading.add(id);
    }

    /** The dial to {@code id} failed: it is dialled again after a backoff, which this returns (millis). */
    long dialFailed(PlayerId id, long now) {
        connecting.remove(id);
        return retryLater(id, now);
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
    void delivered(PlayerId id) {
        failures.remove(id);
    }

    /** Whether {@code id} is in the hub's last list or downloaded from now. */
    boolean knows(PlayerId id) {
        return known.containsKey(id) || downloading.contains(id);
    }

    private long retryLater(PlayerId id, long now) {
        int failed = failures.merge(id, 1, Integer::sum);
        long delay = RECONNECT.delayMillis(failed - 1, random);
        retryAt.put(id, now + delay);
        return delay;
    }
}
