package netd.hub;

import netd.common.id.InfoHash;
import netd.common.id.PlayerId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 *   <li>each swarm is an array with an index of positions, so random picks are index draws
 *       (the asker is left out by its position, without looking at the players drawn) and a
 *       removal swaps the last member into the hole;</li>
 *   <li>a refresh from the same place keeps the registration's key, entry and encoded entry:
 *       what an announce leaves behind for the collector is one small registration.</li>
 * </ul>
 */
public final class InMemoryRegistry implements HubRegistry {
    private final LinkedHashMap<PlayerKey, Registration> bySeen = new LinkedHashMap<>();
    private final Map<InfoHash, Swarm> swarms = new HashMap<>();
    private final Map<Long, Set<PlayerKey>> byConnection = new HashMap<>();
    private final Map<String, Set<PlayerKey>> byAddress = new HashMap<>();
    private final RandomSample sample = new RandomSample();

    @Override
    public Announced register(Registration current, int candidates, RandomGenerator random) {
        Registration previous = find(current.key());
        int position = put(current);
        Swarm swarm = swarms.get(current.key().infoHash());
        return new Announced(previous, swarm.counts(), swarm.others(position, candidates, sample, random), List.of());
    }

    @Override
    public Announced unregister(PlayerKey key, int candidates, RandomGenerator random) {
        Registration previous = remove(key);
        Swarm swarm = swarms.get(key.infoHash());
        return swarm == null ? new Announced(previous, SwarmCounts.EMPTY, List.of(), List.of())
                : new Announced(previous, swarm.counts(), swarm.others(-1, candidates, sample, random), List.of());
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
        Registration old = bySeen.remove(registration.key());
        if (old != null && old.entry().equals(registration.entry())) {
            registration = old.seenAgain(registration.lastSeen(), registration.connection());
        }
        PlayerKey key = registration.key();
        bySeen.put(key, registration);
        int position = swarms.computeIfAbsent(key.infoHash(), h -> new Swarm()).put(registration, old);
        // Most announces are refreshes from the same place: the indexes stay as they are.
        if (old == null || old.connection() != registration.connection() || !old.isAt(registration.ip(), registration.port())) {
            if (old != null) {
                unindex(old);
            }
            index(registration);
        }
        return position;
    }

    /** Removes and returns the registration of {@code key}, or null when there is none. */
    public Registration remove(PlayerKey key) {
        Registration old = bySeen.remove(key);
        if (old != null) {
            unindex(old);
            Swarm swarm = swarms.get(key.infoHash());
            swarm.remove(old);
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

    /** Up to {@code count} distinct registrations of the swarm, picked at random; all of them when it has no more. */
    public List<Registration> randomPlayers(InfoHash infoHash, int count, RandomGenerator random) {
        Swarm swarm = swarms.get(infoHash);
        return swarm == null ? List.of() : swarm.others(-1, count, sample, random);
    }

    @Override
    public SwarmCounts counts(InfoHash infoHash) {
        Swarm swarm = swarms.get(infoHash);
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
        Swarm swarm = swarms.get(infoHash);
        return swarm == null ? List.of() : List.copyOf(swarm.members.subList(0, Math.min(max, swarm.members.size())));
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

    /** One stuff's players, with their positions for O(1) removal, and the complete ones counted. */
    private static final class Swarm {
        private final List<Registration> members = new ArrayList<>();
        private final Map<PlayerId, Integer> positions = new HashMap<>();
        private int complete;

        /** Returns the registration's position. */
        int put(Registration registration, Registration old) {
            PlayerId id = registration.key().playerId();
            Integer position = positions.get(id);
            if (position == null) {
                position = members.size();
                positions.put(id, position);
                members.add(registration);
            } else {
                members.set(position, registration);
                complete -= old.complete() ? 1 : 0;
            }
            complete += registration.complete() ? 1 : 0;
            return position;
        }

        void remove(Registration registration) {
            int position = positions.remove(registration.key().playerId());
            Registration last = members.remove(members.size() - 1);
            if (position < members.size()) {
                members.set(position, last);
                positions.put(last.key().playerId(), position);
            }
            complete -= registration.complete() ? 1 : 0;
        }

        /** Up to {@code count} distinct members at random, never the one at position {@code asker} (-1: none). */
        List<Registration> others(int asker, int count, RandomSample sample, RandomGenerator random) {
            int eligible = asker < 0 ? members.size() : members.size() - 1;
            int[] picked = sample.indexes(eligible, count, random);
            int n = Math.min(count, eligible);
            Registration[] chosen = new Registration[n];
            for (int i = 0; i < n; i++) {
                int index = picked[i];
                chosen[i] = members.get(asker >= 0 && index >= asker ? index + 1 : index);
            }
            return Arrays.asList(chosen);
        }

        SwarmCounts counts() {
            return new SwarmCounts(complete, members.size() - complete);
        }

        boolean isEmpty() {
            return members.isEmpty();
        }
    }
}
