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
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Registrations kept in Redis, shared by every hub that uses the same server (layout in
 * {@link RedisLayout}). Each method is one script run, so one round trip and atomic; a batch
 * of announces is one run too. Expiry needs no hub: each run drops the silent players of the
 * swarms it touches first, and a swarm's keys expire a silence limit after its last announce.
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
    /** Silent players one script run drops at most per swarm, so that one batch never does unbounded work. */
    static final int EXPIRED_PER_RUN = 64;
    /** Swarms one script run of an expiry round visits at most: a run holds Redis up for every other client. */
    static final int SWARMS_PER_EXPIRY_RUN = 512;
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
     * One round trip and one script run for the whole batch, its changes grouped by swarm and
     * each swarm's in their order; a swarm whose sample is missing or {@link #SAMPLE_AGE} old
     * reads a new sample after its changes.
     */
    @Override
    public List<Announced> apply(List<Change> changes, int candidates, RandomGenerator random) {
        Instant now = clock.instant();
        Instant staleBefore = now.minus(SAMPLE_AGE);
        String sampleSize = Integer.toString(Math.max(SAMPLE_PLAYERS, 2 * candidates));
        Map<InfoHash, List<Integer>> bySwarm = new LinkedHashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            bySwarm.computeIfAbsent(changes.get(i).key().infoHash(), h -> new ArrayList<>()).add(i);
        }
        String[] players = new String[changes.size()];
        String[] records = new String[changes.size()];
        List<String> args = batchArgs(now, timing.expiryCutoff(now), bySwarm.size() * 3 + changes.size() * 4);
        boolean[] sampled = new boolean[bySwarm.size()];
        int group = 0;
        for (Map.Entry<InfoHash, List<Integer>> swarm : bySwarm.entrySet()) {
            Sample sample = samples.get(swarm.getKey());
            boolean readsSample = sample == null || !sample.read.isAfter(staleBefore);
            sampled[group++] = readsSample;
            args.add(RedisLayout.hex(swarm.getKey()));
            args.add(readsSample ? sampleSize : "0");
            args.add(Integer.toString(swarm.getValue().size()));
            for (int i : swarm.getValue()) {
                Registration current = changes.get(i).current();
                players[i] = RedisLayout.hex(changes.get(i).key().playerId());
                records[i] = current == null ? "" : layout.record(current);
                args.add(players[i]);
                args.add(records[i]);
                args.add(current == null ? "" : RedisLayout.address(current.ip(), current.port()));
                args.add(current != null && current.complete() ? "1" : "0");
            }
        }
        List<?> results = (List<?>) link.eval("announce", RedisScript.ANNOUNCE, List.of(), args);
        Announced[] done = new Announced[changes.size()];
        group = 0;
        for (Map.Entry<InfoHash, List<Integer>> swarm : bySwarm.entrySet()) {
            InfoHash infoHash = swarm.getKey();
            List<?> result = (List<?>) results.get(group);
            List<Registration> expired = registrations(infoHash, (List<?>) result.get(0));
            Sample sample = served(infoHash, now, result, sampled[group++], expired);
            long total = 0;
            for (int k = 0; k < swarm.getValue().size(); k++) {
                int i = swarm.getValue().get(k);
                total = (Long) result.get(4 + 3 * k);
                SwarmCounts counts = counts((Long) result.get(3 + 3 * k), total);
                // The players the script dropped are told with the swarm's first announce.
                done[i] = announced(changes.get(i), players[i], records[i], (String) result.get(2 + 3 * k), counts, sample,
                        k == 0 ? expired : List.of(), candidates, random);
            }
            decoded.trim(infoHash, total);
        }
        return Arrays.asList(done);
    }

    /**
     * One pipelined round trip: the silent players of every swarm this hub served lately, a
     * script run per {@link #SWARMS_PER_EXPIRY_RUN} swarms.
     */
    @Override
    public List<Registration> removeSeenBefore(Instant cutoff) {
        if (served.isEmpty()) {
            return List.of();
        }
        List<InfoHash> swarms = List.copyOf(served.keySet());
        List<List<String>> runs = new ArrayList<>();
        for (int first = 0; first < swarms.size(); first += SWARMS_PER_EXPIRY_RUN) {
            List<InfoHash> some = swarms.subList(first, Math.min(swarms.size(), first + SWARMS_PER_EXPIRY_RUN));
            List<String> args = batchArgs(clock.instant(), cutoff, some.size() * 3);
            for (InfoHash swarm : some) {
                args.add(RedisLayout.hex(swarm));
                args.add("0");
                args.add("0");
            }
            runs.add(args);
        }
        List<Object> results = link.evalAll("expire", RedisScript.ANNOUNCE, Collections.nCopies(runs.size(), List.of()), runs);
        List<Registration> expired = new ArrayList<>();
        for (int i = 0; i < swarms.size(); i++) {
            InfoHash swarm = swarms.get(i);
            List<?> run = (List<?>) results.get(i / SWARMS_PER_EXPIRY_RUN);
            List<Registration> dropped = registrations(swarm, (List<?>) ((List<?>) run.get(i % SWARMS_PER_EXPIRY_RUN)).get(0));
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

    /**
     * The announce script's arguments before its groups, with room for {@code more}: players
     * registered are seen at {@code now}, those seen before {@code cutoff} are silent.
     */
    private List<String> batchArgs(Instant now, Instant cutoff, int more) {
        List<String> args = new ArrayList<>(6 + more);
        args.add(Long.toString(now.toEpochMilli()));
        args.add(Long.toString(cutoff.toEpochMilli()));
        args.add(Long.toString(timing.silenceLimit().toMillis()));
        args.add(RedisLayout.ADDRESS_PREFIX);
        args.add(RedisLayout.SWARM_PREFIX);
        args.add(Integer.toString(EXPIRED_PER_RUN));
        return args;
    }

    /**
     * Notes that this hub served the swarm at {@code now}, and returns its sample: the one the
     * script read when {@code sampled}, else the one kept, without the players the script dropped.
     */
    private Sample served(InfoHash infoHash, Instant now, List<?> result, boolean sampled, List<Registration> expired) {
        served.remove(infoHash);
        served.put(infoHash, now);
        if (sampled) {
            Sample sample = new Sample(now);
            registrations(infoHash, (List<?>) result.get(1)).forEach(sample.players::put);
            Sample older = samples.put(infoHash, sample);
            if (older != null) {
                // Answers list back across samples, among the players of this hub's samples.
                sample.players.keepListedToOf(older.players);
            }
            return sample;
        }
        forgetInSample(infoHash, expired);
        return samples.get(infoHash);
    }

    /**
     * What the script did for {@code change} ({@code record}: the record it wrote, empty when it
     * removed; {@code stored}: the one it replaced or removed), and this hub's note of which of
     * its connections registered whom; the answer's players drawn from the swarm's sample, which
     * the change is applied to.
     */
    private Announced announced(Change change, String playerHex, String record, String stored, SwarmCounts counts,
                                Sample sample, List<Registration> expired, int candidates, RandomGenerator random) {
        PlayerKey key = change.key();
        InfoHash infoHash = key.infoHash();
        Registration previous = stored.isEmpty() ? null : decoded.registration(infoHash, playerHex, stored);
        if (previous != null && (change.current() == null || previous.connection() != change.current().connection())) {
            unindex(previous.connection(), key);
        }
        int asker = -1;
        if (change.current() == null) {
            sample.players.remove(key.playerId());
        } else {
            byConnection.computeIfAbsent(change.current().connection(), c -> new HashSet<>()).add(key);
            // Its next announce finds this record as the previous one: no need to decode it then.
            decoded.remember(infoHash, playerHex, record, change.current());
            if (sample.players.position(key.playerId()) >= 0 || sample.players.size() < SAMPLE_PLAYERS) {
                asker = sample.players.put(change.current());
            }
        }
        return new Announced(previous, counts, sample.players.others(asker, candidates, previous == null, draw, random), expired);
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
