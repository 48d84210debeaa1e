package netd.hub.redis;

import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.hub.AnnounceTiming;
import netd.hub.HubRegistry.Announced;
import netd.hub.HubRegistry.Change;
import netd.hub.HubRegistry.SwarmCounts;
import netd.hub.PlayerKey;
import netd.hub.Registration;
import netd.hub.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Redis store's keys and scripts, on a real Redis server of its own. */
class RedisRegistryTest {
    private static final AnnounceTiming TIMING = AnnounceTiming.of(Duration.ofSeconds(10), Duration.ofSeconds(5));
    private static final InfoHash STUFF = InfoHash.of("stuff-stuff-stuff-01".getBytes(StandardCharsets.US_ASCII));
    private static final InfoHash OTHER = InfoHash.of("stuff-stuff-stuff-02".getBytes(StandardCharsets.US_ASCII));
    @RegisterExtension
    static final RedisForTests redis = new RedisForTests();

    private final TestClock clock = new TestClock();
    private final SplittableRandom random = new SplittableRandom(3);
    private final List<String> roundTrips = new ArrayList<>();
    private RedisRegistry store;
    private Jedis jedis;

    @BeforeEach
    void connect() throws Exception {
        store = RedisRegistry.connect(redis.server().address(), "hub1", TIMING, clock,
                (operation, nanos) -> roundTrips.add(operation));
        jedis = new Jedis(new HostAndPort("127.0.0.1", redis.server().port()),
                DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build());
        jedis.configResetStat();
    }

    @AfterEach
    void disconnect() {
        store.close();
        jedis.close();
    }

    @Test
    void everyKeyOfAnAnnounceExpiresByItselfASilenceLimitLater() {
        store.register(registration(STUFF, 1, true, 1), 0, random);

        for (String key : List.of(RedisLayout.swarmKeys(STUFF).get(0), RedisLayout.swarmKeys(STUFF).get(1),
                RedisLayout.swarmKeys(STUFF).get(2), RedisLayout.addressKey("10.0.0.1", 7001))) {
            long ttl = jedis.pttl(key);
            assertTrue(ttl > 0 && ttl <= TIMING.silenceLimit().toMillis(), key + " expires in " + ttl + " ms");
        }
    }

    @Test
    void eachAnnounceIsOneRoundTripAndNothingScansTheKeyspace() {
        for (int i = 0; i < 20; i++) {
            store.register(registration(STUFF, i, i % 2 == 0, 1), 51, random);
        }
        store.unregister(new PlayerKey(STUFF, player(3)), 51, random);

        String stats = jedis.info("commandstats");
        assertEquals(21, calls(stats, "evalsha"), stats);
        assertEquals(Collections.nCopies(21, "announce"), roundTrips, "each round trip is timed for /metrics");
        assertEquals(0, calls(stats, "keys") + calls(stats, "scan"), stats);
    }

    @Test
    void aPlayerIsListedBackThoseGivenItsEntryAcrossTheSamplesTheHubReads() {
        for (int i = 0; i < 100; i++) {
            store.register(registration(STUFF, i, false, 1), 0, random);
        }
        clock.advance(Duration.ofSeconds(1));
        List<Registration> given = store.register(registration(STUFF, 10, false, 1), 50, random).candidates().players();
        PlayerId listed = given.get(30).key().playerId();
        clock.advance(Duration.ofSeconds(1)); // the sample is read again before the next answer

        Announced back = store.register(new Registration(new PlayerKey(STUFF, listed), "10.0.0.1", 7001, false,
                clock.instant(), 1), 50, random);

        assertEquals(player(10), back.candidates().players().get(0).key().playerId(),
                "player 10 was given " + listed + "'s entry in the sample before: listed back first");
    }

    @Test
    void anAnnounceReturnsThePreviousRecordTheCountsAndDistinctCandidates() {
        for (int i = 0; i < 60; i++) {
            store.register(registration(STUFF, i, i < 10, 1), 0, random);
        }
        Registration before = registration(STUFF, 5, true, 1);
        clock.advance(Duration.ofSeconds(1));

        Announced announced = store.register(registration(STUFF, 5, true, 2), 51, random);

        assertEquals(before, announced.previous());
        assertEquals(new SwarmCounts(10, 50), announced.counts());
        assertEquals(51, new HashSet<>(announced.candidates().players()).size());
        assertEquals(List.of(), announced.expired());
    }

    @Test
    void aBatchOfAnnouncesIsOneRoundTripOfScriptsAppliedInOrder() {
        List<Announced> done = store.apply(List.of(Change.register(registration(STUFF, 1, false, 1)),
                Change.register(registration(STUFF, 2, true, 1)), Change.unregister(new PlayerKey(STUFF, player(1))),
                Change.register(registration(OTHER, 1, false, 1))), 51, random);

        assertEquals(List.of("announce"), roundTrips);
        assertEquals(1, calls(jedis.info("commandstats"), "evalsha"), "one script run for the batch, whatever its swarms");
        assertEquals(List.of(new SwarmCounts(0, 1), new SwarmCounts(1, 1), new SwarmCounts(1, 0), new SwarmCounts(0, 1)),
                done.stream().map(Announced::counts).toList());
        assertEquals(player(1), done.get(2).previous().key().playerId());
        assertEquals(Map.of(STUFF, new SwarmCounts(1, 0), OTHER, new SwarmCounts(0, 1)), store.swarms());
    }

    @Test
    void anAnnounceDropsABoundedNumberOfItsSwarmsSilentPlayers() {
        for (int i = 0; i < 100; i++) {
            store.register(registration(STUFF, i, false, 1), 0, random);
        }
        clock.advance(TIMING.silenceLimit().plusSeconds(1));

        Announced first = store.register(registration(STUFF, 1000, false, 2), 0, random);
        Announced second = store.register(registration(STUFF, 1000, false, 2), 0, random);

        assertEquals(RedisRegistry.EXPIRED_PER_RUN, first.expired().size());
        assertEquals(100 - RedisRegistry.EXPIRED_PER_RUN, second.expired().size());
        assertEquals(new SwarmCounts(0, 1), second.counts());
        assertEquals(1, jedis.scard(RedisLayout.addressKey("10.0.0.1", 7001)), "the address index forgets them too");
    }

    @Test
    void expiryRoundsVisitTheSwarmsThisHubServed() {
        store.register(registration(STUFF, 1, false, 1), 0, random);
        store.register(registration(OTHER, 2, false, 1), 0, random);
        clock.advance(TIMING.silenceLimit().plusSeconds(1));

        List<Registration> expired = store.removeSeenBefore(TIMING.expiryCutoff(clock.instant()));

        assertEquals(2, expired.size());
        assertEquals(SwarmCounts.EMPTY, store.counts(STUFF));
        assertEquals(SwarmCounts.EMPTY, store.counts(OTHER));
        assertEquals(List.of(), store.removeSeenBefore(TIMING.expiryCutoff(clock.instant())));
        assertEquals(2 + 1 + 2, calls(jedis.info("commandstats"), "evalsha"),
                "an expiry round is one script run for every swarm, and swarms gone silent are visited no more");
    }

    @Test
    void anExpiryRoundOverManySwarmsIsSeveralBoundedScriptRunsInOneRoundTrip() {
        int swarms = RedisRegistry.SWARMS_PER_EXPIRY_RUN + 1;
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < swarms; i++) {
            changes.add(Change.register(registration(stuff(i), 1, false, 1)));
        }
        store.apply(changes, 0, random);
        clock.advance(TIMING.silenceLimit().plusSeconds(1));
        jedis.configResetStat();
        roundTrips.clear();

        List<Registration> expired = store.removeSeenBefore(TIMING.expiryCutoff(clock.instant()));

        assertEquals(swarms, expired.size());
        assertEquals(new HashSet<>(changes.stream().map(change -> change.key()).toList()),
                new HashSet<>(expired.stream().map(Registration::key).toList()));
        assertEquals(2, calls(jedis.info("commandstats"), "evalsha"));
        assertEquals(List.of("expire"), roundTrips);
    }

    @Test
    void aConnectionTakesAwayOnlyWhatItStillOwns() throws Exception {
        store.register(registration(STUFF, 1, false, 7), 0, random);
        store.register(registration(OTHER, 1, false, 7), 0, random);
        try (RedisRegistry otherHub = RedisRegistry.connect(redis.server().address(), "hub2", TIMING, clock,
                (operation, nanos) -> { })) {
            otherHub.register(registration(OTHER, 1, false, 7), 0, random);

            List<Registration> removed = store.removeConnection(7);

            assertEquals(List.of(new PlayerKey(STUFF, player(1))), removed.stream().map(Registration::key).toList());
            assertEquals(new SwarmCounts(0, 1), otherHub.counts(OTHER));
            assertEquals(List.of(), otherHub.removeConnection(8));
        }
    }

    @Test
    void aConditionalRemovalKeepsAPlayerSeenSince() {
        store.register(registration(STUFF, 1, false, 1), 0, random);

        assertNull(store.removeIfSeenBefore(new PlayerKey(STUFF, player(1)), clock.instant()));
        clock.advance(Duration.ofMillis(1));
        assertEquals(player(1), store.removeIfSeenBefore(new PlayerKey(STUFF, player(1)), clock.instant()).key().playerId());
        assertFalse(jedis.exists(RedisLayout.addressKey("10.0.0.1", 7001)) && jedis.scard(RedisLayout.addressKey("10.0.0.1", 7001)) > 0);
    }

    private static long calls(String commandStats, String command) {
        Matcher matcher = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(commandStats);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private Registration registration(InfoHash stuff, int player, boolean complete, long connection) {
        return new Registration(new PlayerKey(stuff, player(player)), "10.0.0.1", 7001, complete, clock.instant(), connection);
    }

    private static InfoHash stuff(int number) {
        return InfoHash.of(String.format("stuff-%014d", number).getBytes(StandardCharsets.US_ASCII));
    }

        private static PlayerId player(int number) {
        return PlayerId.of(String.format("-ND0100-%012x", number).getBytes(StandardCharsets.US_ASCII));
    }
}
