package netd.hub;

import netd.common.id.InfoHash;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The registry in this process's memory. Not thread-safe: the hub library's thread is its
 * only user. Every operation costs O(1) or O(what it returns):
 * <ul>
 *   <li>registrations are kept in the order they were last seen (a re-announce moves one to
 *       the end), so expiry stops at the first one still fresh;</li>
 *   <li>each swarm is a {@link SwarmMembers}: random picks are index draws, the asker left
 *       out by its position;</li>
 *   <li>a refresh from the same place keeps the registration's key and entry, and its swarm
 *       the entry's bytes: what an announce leaves behind for the collector is one small
 *       registration.</li>
 * </ul>
 */
public final class InMemoryRegistry implements HubRegistry {
    private final LinkedHashMap<PlayerKey, Registration> bySeen = new LinkedHashMap<>();
    private final Map<InfoHash, SwarmMembers> swarms = new HashMap<>();
    private final Map<Long, Set<PlayerKey>> byConnection = new HashMap<>();
    private final Map<String, Set<PlayerKey>> byAddress = new HashMap<>();
    private final RandomSample sample = new RandomSample();

    @Override
    public Announced register(Registration current, int candidates, RandomGenerator random) {
        Registration previous = bySeen.get(current.key());
        SwarmMembers swarm = swarmOf(current.key());
        int position = put(previous, current, swarm);
        return new Announced(previous, swarm.counts(), swarm.others(position, candidates, previous == null, sample, random), List.of());
    }

    @Override
    public Announced unregister(PlayerKey key, int candidates, RandomGenerator random) {
        Registration previous = remove(key);
        SwarmMembers swarm = swarms.get(key.infoHash());
        return swarm == null ? new Announced(previous, SwarmCounts.EMPTY, Listing.EMPTY, List.of())
                : new Announced(previous, swarm.counts(), swarm.others(-1, candidates, true, sample, random), List.of());
    }

    @Override
    public List<Registration> removeConnection(long connection) {
        List<Registration> made = ofConnection(connection);
        made.forEach(registration -> remove(registration.key()));
        return made;
    }

    @Override
    public Registration removeIfSeenBefore(PlayerKey key, Instant cutoff) {
        Registration registration = find(key);
        return registration != null && registration.lastSeen().isBefore(cutoff) ? remove(key) : null;
    }

    /** The registration of {@code key}, or null. */
    public Registration find(PlayerKey key) {
        return bySeen.get(key);
    }

    /** Adds or replaces the registration of its key; it becomes the most recently seen. Returns its position in its swarm. */
    public int put(Registration registration) {
        return put(bySeen.get(registration.key()), registration, swarmOf(registration.key()));
    }

    /**
     * {@link #put} once the caller has looked up {@code old}, the registration of the same key,
     * and the key's swarm: an announce looks each up once. {@code putLast} moves a key already
     * there to the end in its own node, where a remove and a put made a node per announce,
     * which lived until the player's next announce and so was copied by a young collection.
     */
    private int put(Registration old, Registration registration, SwarmMembers swarm) {
        if (old != null && old.entry().equals(registration.entry())) {
            registration = old.seenAgain(registration.lastSeen(), registration.connection());
        }
        bySeen.putLast(registration.key(), registration);
        int position = swarm.put(registration);
        // Most announces are refreshes from the same place: the indexes stay as they are.
        if (old == null || old.connection() != registration.connection() || !old.isAt(registration.ip(), registration.port())) {
            if (old != null) {
                unindex(old);
            }
            index(registration);
        }
        return position;
    }

    private SwarmMembers swarmOf(PlayerKey key) {
        return swarms.computeIfAbsent(key.infoHash(), h -> new SwarmMembers());
    }

    /** Removes and returns the registration of {@code key}, or null when there is none. */
    public Registration remove(PlayerKey key) {
        Registration old = bySeen.remove(key);
        if (old != null) {
            unindex(old);
            SwarmMembers swarm = swarms.get(key.infoHash());
            swarm.remove(key.playerId());
            if (swarm.isEmpty()) {
                swarms.remove(key.infoHash());
            }
        }
        return old;
    }

    @Override
    public List<Registration> removeSeenBefore(Instant cutoff) {
        List<Registration> expired = new ArrayList<>();
        // A clock stepped back can leave an older entry behind a newer one; it is then
        // dropped a little late, never early.
        for (Iterator<Registration> oldestFirst = bySeen.values().iterator(); oldestFirst.hasNext(); ) {
            Registration registration = oldestFirst.next();
            if (!registration.lastSeen().isBefore(cutoff)) {
                break;
            }
            expired.add(registration);
        }
        expired.forEach(registration -> remove(registration.key()));
        return expired;
    }

    /** The registrations made on connection {@code connection}. */
    public List<Registration> ofConnection(long connection) {
        return lookUp(byConnection.get(connection));
    }

    @Override
    public List<Registration> at(String ip, int port) {
        return lookUp(byAddress.get(addressKey(ip, port)));
    }

    /** Up to {@code count} distinct registrations of the swarm, as an answer lists them ({@link SwarmMembers#others}); all of them when it has no more. */
    public List<Registration> randomPlayers(InfoHash infoHash, int count, RandomGenerator random) {
        SwarmMembers swarm = swarms.get(infoHash);
        return swarm == null ? List.of() : swarm.others(-1, count, true, sample, random).players();
    }

    @Override
    public SwarmCounts counts(InfoHash infoHash) {
        SwarmMembers swarm = swarms.get(infoHash);
        return swarm == null ? SwarmCounts.EMPTY : swarm.counts();
    }

    /** Registrations in all swarms. */
    public int size() {
        return bySeen.size();
    }

    @Override
    public Map<InfoHash, SwarmCounts> swarms() {
        Map<InfoHash, SwarmCounts> all = new HashMap<>();
        swarms.forEach((infoHash, swarm) -> all.put(infoHash, swarm.counts()));
        return all;
    }

    @Override
    public List<Registration> players(InfoHash infoHash, int max) {
        SwarmMembers swarm = swarms.get(infoHash);
        return swarm == null ? List.of() : swarm.first(max);
    }

    private void index(Registration registration) {
        byConnection.computeIfAbsent(registration.connection(), c -> new HashSet<>()).add(registration.key());
        byAddress.computeIfAbsent(addressKey(registration.ip(), registration.port()), a -> new HashSet<>()).add(registration.key());
    }

    private void unindex(Registration registration) {
        removeFrom(byConnection, registration.connection(), registration.key());
        removeFrom(byAddress, addressKey(registration.ip(), registration.port()), registration.key());
    }

    private static <K> void removeFrom(Map<K, Set<PlayerKey>> index, K indexKey, PlayerKey key) {
        Set<PlayerKey> keys = index.get(indexKey);
        if (keys != null && keys.remove(key) && keys.isEmpty()) {
            index.remove(indexKey);
        }
    }

    private List<Registration> lookUp(Set<PlayerKey> keys) {
        return keys == null ? List.of() : keys.stream().map(bySeen::get).toList();
    }

    private static String addressKey(String ip, int port) {
        return ip + "/" + port;
    }
}
