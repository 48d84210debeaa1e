package netd.hub.redis;

import netd.common.id.InfoHash;
import netd.hub.AnnounceTiming;
import netd.hub.HubRegistry;
import netd.hub.PlayerKey;
import netd.hub.RandomSample;
import netd.hub.Registration;
import netd.hub.StoreRoundTrips;
import netd.hub.SwarmMembers;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Registrations kept in Redis, shared by every hub that uses the same server (layout in
 * {@link RedisLayout}). Each method is one script run, so one round trip and atomic. Expiry
 * needs no hub: each announce drops its swarm's silent players first, and a swarm's keys
 * expire a silence limit after its last announce.
 *
 * <p>An answer's players are drawn here, from this hub's sample of the swarm: up to
 * {@link #SAMPLE_PLAYERS} of its players, read from Redis by the first announce to the swarm
 * once the sample is {@link #SAMPLE_AGE} old, with this hub's own registrations, stops and
 * expiries applied to it at once. Drawing 51 records per announce in Redis cost three
 * quarters of its time per announce (docs/hub-performance.md). So a player that announced
 * to another hub is listed here within {@link #SAMPLE_AGE}, and one that stopped there may
 * be listed here for as long; the counts are the whole swarm's at every announce.
 *
 * <p>What only this hub can know stays in its memory: which players its connections
 * registered (removed when the connection closes, if no other connection of any hub took
 * them over since), and the swarms it served lately (its expiry rounds visit them, so that
 * a silent player leaves the log of the hub that served it). Not thread-safe: the hub's
 * store thread ({@code StoreThread}) is its only user.
 */
public final class RedisRegistry implements HubRegistry {
    /** Silent players one script run drops at most, so that one announce never does unbounded work. */
    static final int EXPIRED_PER_RUN = 64;
    /** How old a swarm's sample may grow before an announce reads a new one. */
    public static final Duration SAMPLE_AGE = Duration.ofMillis(500);
    /** Players a swarm's sample holds at most (or twice an answer's players, if more). */
    static final int SAMPLE_PLAYERS = 200;

    private final RedisLink link;
    private final RedisLayout layout;
    private final AnnounceTiming timing;
    private final InstantSource clock;
    private final Map<Long, Set<PlayerKey>> byConnection = new HashMap<>();
    /** Swarm to when this hub last served it, oldest first. */
    private final LinkedHashMap<InfoHash, Instant> served = new LinkedHashMap<>();
    private final DecodedRecords decoded;
    /** Each swarm this hub served lately: its sample, and when it was read. */
    private final Map<InfoHash, Sample> samples = new HashMap<>();
    private final RandomSample draw = new RandomSample();

    private static final class Sample {
        final SwarmMembers players = new SwarmMembers();
        final Instant read;

        Sample(Instant read) {
            this.read = read;
        }
    }

    RedisRegistry(RedisLink link, RedisLayout layout, AnnounceTiming timing, InstantSource clock) {
        this.link = link;
        this.layout = layout;
        this.timing = timing;
        this.clock = clock;
        this.decoded = new DecodedRecords(layout);
    }

    /**
     * Connects to the Redis at {@code address}, as the hub process {@code hubId}; the time of
     * each round trip goes to {@code roundTrips}.
     *
     * @throws IOException with one sentence naming the address when Redis cannot be reached
     */
    public static RedisRegistry connect(RedisAddress address, String hubId, AnnounceTiming timing, InstantSource clock,
                                        StoreRoundTrips roundTrips) throws IOException {
        return new RedisRegistry(RedisLink.open(address, "netd-hub-" + hubId, InstantSource.system(), roundTrips),
                new RedisLayout(hubId), timing, clock);
    }

    @Override
    public Announced register(Registration current, int candidates, RandomGenerator random) {
        return apply(List.of(Change.register(current)), candidates, random).get(0);
    }

    @Override
    public Announced unregister(PlayerKey key, int candidates, RandomGenerator random) {
        return apply(List.of(Change.unregister(key)), candidates, random).get(0);
    }

    /**
     * One pipelined round trip: a script run per change; the first change of a swarm whose
     * sample is missing or {@link #SAMPLE_AGE} old reads a new sample in its run.
     */
    @Override
    public List<Announced> apply(List<Change> changes, int candidates, RandomGenerator random) {
        Instant now = clock.instant();
        Instant staleBefore = now.minus(SAMPLE_AGE);
        int sampleSize = Math.max(SAMPLE_PLAYERS, 2 * candidates);
        List<List<String>> keys = new ArrayList<>(changes.size());
        List<List<String>> args = new ArrayList<>(changes.size());
        Set<InfoHash> sampling = new HashSet<>();
        boolean[] readsSample = new boolean[changes.size()];
        for (int i = 0; i < changes.size(); i++) {
            InfoHash infoHash = changes.get(i).key().infoHash();
            Sample sample = samples.get(infoHash);
            readsSample[i] = (sample == null || !sample.read.isAfter(staleBefore)) && sampling.add(infoHash);
            keys.add(RedisLayout.swarmKeys(infoHash));
            args.add(announceArgs(changes.get(i), now, readsSample[i] ? sampleSize : 0));
        }
        List<Object> results = link.evalAll("announce", RedisScript.ANNOUNCE, keys, args);
        List<Announced> done = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            done.add(announced(changes.get(i), (List<?>) results.get(i), now, readsSample[i], candidates, random));
        }
        return done;
    }

    /** One pipelined round trip: a script run per swarm this hub served lately. */
    @Override
    public List<Registration> removeSeenBefore(Instant cutoff) {
        if (served.isEmpty()) {
            return List.of();
        }
        List<InfoHash> swarms = List.copyOf(served.keySet());
        List<List<String>> keys = new ArrayList<>(swarms.size());
        List<List<String>> args = new ArrayList<>(swarms.size());
        for (InfoHash swarm : swarms) {
            keys.add(RedisLayout.swarmKeys(swarm));
            args.add(List.of("", "", "", "0", "0", Long.toString(cutoff.toEpochMilli()), "1", "0", RedisLayout.ADDRESS_PREFIX,
                    RedisLayout.hex(swarm), Integer.toString(EXPIRED_PER_RUN)));
        }
        List<Object> results = link.evalAll("expire", RedisScript.ANNOUNCE, keys, args);
        List<Registration> expired = new ArrayList<>();
        for (int i = 0; i < swarms.size(); i++) {
            InfoHash swarm = swarms.get(i);
            List<Registration> dropped = registrations(swarm, (List<?>) ((List<?>) results.get(i)).get(4));
            expired.addAll(dropped);
            forgetInSample(swarm, dropped);
            if (served.get(swarm).isBefore(cutoff) && dropped.size() < EXPIRED_PER_RUN) {
                // Not served here for a silence limit, and what this hub registered there is gone.
                served.remove(swarm);
                decoded.forget(swarm);
                samples.remove(swarm);
            }
        }
        return expired;
    }

    @Override
    public List<Registration> removeConnection(long connection) {
        Set<PlayerKey> keys = byConnection.remove(connection);
        if (keys == null) {
            return List.of();
        }
        List<Registration> removed = new ArrayList<>();
        for (PlayerKey key : keys) {
            Registration registration = remove(key, layout.owner(connection), "");
            if (registration != null) {
                removed.add(registration);
            }
        }
        return removed;
    }

    @Override
    public List<Registration> at(String ip, int port) {
        List<?> found = (List<?>) link.eval("at", RedisScript.AT, List.of(RedisLayout.addressKey(ip, port)),
                List.of(RedisLayout.SWARM_PREFIX, RedisLayout.RECORDS_SUFFIX));
        Instant cutoff = timing.expiryCutoff(clock.instant());
        List<Registration> there = new ArrayList<>(found.size() / 3);
        for (int i = 0; i + 2 < found.size(); i += 3) {
            Registration registration = layout.registration(RedisLayout.infoHash((String) found.get(i)), (String) found.get(i + 1),
                    (String) found.get(i + 2));
            if (registration.isAt(ip, port) && !registration.lastSeen().isBefore(cutoff)) {
                there.add(registration);
            }
        }
        return there;
    }

    @Override
    public Registration removeIfSeenBefore(PlayerKey key, Instant cutoff) {
        Registration removed = remove(key, "", Long.toString(cutoff.toEpochMilli()));
        if (removed != null) {
            unindex(removed.connection(), key);
        }
        return removed;
    }

    @Override
    public SwarmCounts counts(InfoHash infoHash) {
        return counts((List<?>) link.eval("counts", RedisScript.COUNTS, RedisLayout.swarmKeys(infoHash), List.of()));
    }

    /** The swarms this hub served lately, with their counts over every hub: one pipelined round trip. */
    @Override
    public Map<InfoHash, SwarmCounts> swarms() {
        List<InfoHash> swarms = List.copyOf(served.keySet());
        if (swarms.isEmpty()) {
            return Map.of();
        }
        List<List<String>> keys = new ArrayList<>(swarms.size());
        List<List<String>> args = new ArrayList<>(swarms.size());
        for (InfoHash swarm : swarms) {
            keys.add(RedisLayout.swarmKeys(swarm));
            args.add(List.of());
        }
        List<Object> results = link.evalAll("counts", RedisScript.COUNTS, keys, args);
        Map<InfoHash, SwarmCounts> all = new HashMap<>();
        for (int i = 0; i < swarms.size(); i++) {
            SwarmCounts counts = counts((List<?>) results.get(i));
            if (counts.total() > 0) {
                all.put(swarms.get(i), counts);
            }
        }
        return all;
    }

    @Override
    public List<Registration> players(InfoHash infoHash, int max) {
        List<?> found = (List<?>) link.eval("players", RedisScript.PLAYERS, RedisLayout.swarmKeys(infoHash),
                List.of(Integer.toString(max)));
        return registrations(infoHash, found);
    }

    @Override
    public void close() {
        link.close();
    }

    private List<String> announceArgs(Change change, Instant now, int candidates) {
        Registration current = change.current();
        InfoHash infoHash = change.key().infoHash();
        return List.of(RedisLayout.hex(change.key().playerId()), current == null ? "" : layout.record(current),
                current == null ? "" : RedisLayout.address(current.ip(), current.port()),
                current != null && current.complete() ? "1" : "0", Long.toString(now.toEpochMilli()),
                Long.toString(timing.expiryCutoff(now).toEpochMilli()), Long.toString(timing.silenceLimit().toMillis()),
                Integer.toString(candidates), RedisLayout.ADDRESS_PREFIX, RedisLayout.hex(infoHash),
                Integer.toString(EXPIRED_PER_RUN));
    }

    /**
     * What the script did for {@code change}, and this hub's note of which of its connections
     * registered whom; the answer's players drawn from the swarm's sample, which the script
     * read anew when {@code sampled}, and which the change and the players the script dropped
     * are applied to.
     */
    private Announced announced(Change change, List<?> result, Instant now, boolean sampled, int candidates,
                                RandomGenerator random) {
        PlayerKey key = change.key();
        InfoHash infoHash = key.infoHash();
        served.remove(infoHash);
        served.put(infoHash, now);
        String stored = (String) result.get(0);
        Registration previous = stored.isEmpty() ? null : layout.registration(infoHash, RedisLayout.hex(key.playerId()), stored);
        if (previous != null && (change.current() == null || previous.connection() != change.current().connection())) {
            unindex(previous.connection(), key);
        }
        if (change.current() != null) {
            byConnection.computeIfAbsent(change.current().connection(), c -> new HashSet<>()).add(key);
        }
        SwarmCounts counts = counts((Long) result.get(1), (Long) result.get(2));
        decoded.trim(infoHash, counts.total());
        Sample sample = samples.get(infoHash);
        if (sampled) {
            sample = new Sample(now);
            registrations(infoHash, (List<?>) result.get(3)).forEach(sample.players::put);
            samples.put(infoHash, sample);
        }
        List<Registration> expired = registrations(infoHash, (List<?>) result.get(4));
        forgetInSample(infoHash, expired);
        int asker = -1;
        if (change.current() == null) {
            sample.players.remove(key.playerId());
        } else if (sample.players.position(key.playerId()) >= 0 || sample.players.size() < SAMPLE_PLAYERS) {
            asker = sample.players.put(change.current());
        }
        return new Announced(previous, counts, sample.players.others(asker, candidates, draw, random), expired);
    }

    /** Removes the player if it is still owned by {@code owner} (empty: by anyone) and was seen before {@code before} (empty: ever). */
    private Registration remove(PlayerKey key, String owner, String before) {
        String removed = (String) link.eval("remove", RedisScript.REMOVE, RedisLayout.swarmKeys(key.infoHash()), List.of(
                RedisLayout.hex(key.playerId()), owner, before, RedisLayout.ADDRESS_PREFIX, RedisLayout.hex(key.infoHash())));
        if (removed.isEmpty()) {
            return null;
        }
        Registration registration = layout.registration(key.infoHash(), RedisLayout.hex(key.playerId()), removed);
        forgetInSample(key.infoHash(), List.of(registration));
        return registration;
    }

    /** Takes players that left out of this hub's sample of their swarm at once. */
    private void forgetInSample(InfoHash infoHash, List<Registration> left) {
        Sample sample = samples.get(infoHash);
        if (sample != null) {
            left.forEach(registration -> sample.players.remove(registration.key().playerId()));
        }
    }

    /** Registrations from a script's flat {@code player, record, ...} list. */
    private List<Registration> registrations(InfoHash infoHash, List<?> flat) {
        if (flat.isEmpty()) {
            return List.of();
        }
        List<Registration> registrations = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String record = (String) flat.get(i + 1);
            if (!record.isEmpty()) {
                registrations.add(decoded.registration(infoHash, (String) flat.get(i), record));
            }
        }
        return registrations;
    }

    private void unindex(long connection, PlayerKey key) {
        Set<PlayerKey> keys = byConnection.get(connection);
        if (keys != null && keys.remove(key) && keys.isEmpty()) {
            byConnection.remove(connection);
        }
    }

    /** Counts from the counts script's {@code {complete, total}}. */
    private static SwarmCounts counts(List<?> completeAndTotal) {
        return counts((Long) completeAndTotal.get(0), (Long) completeAndTotal.get(1));
    }

    private static SwarmCounts counts(long complete, long total) {
        return new SwarmCounts(complete, total - complete);
    }
}
