package netd.hub;

import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.Notify;
import netd.common.wire.HubMessage.PlayerEntry;
import netd.hub.redis.RedisAddress;
import netd.hub.redis.RedisForTests;
import netd.hub.redis.RedisRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two hubs' decisions over one real Redis: each hub is a Registrar with a Redis store of its
 * own id, on a clock the test moves. Each test uses a stuff of its own.
 */
class SharedStoreRegistrarTest {
    private static final AnnounceTiming TIMING = AnnounceTiming.of(Duration.ofSeconds(10), Duration.ofSeconds(5));
    private static final Random random = new Random();
    /** Round trips are timed for /metrics; these tests look at answers. */
    private static final StoreRoundTrips NO_METRICS = (operation, nanos) -> { };
    @RegisterExtension
    static final RedisForTests redis = new RedisForTests();

    private final TestClock clock = new TestClock();
    private final InfoHash stuff = newStuff();
    private RedisRegistry storeA;
    private RedisRegistry storeB;
    private Registrar hubA;
    private Registrar hubB;

    @BeforeEach
    void startHubs() throws Exception {
        RedisAddress address = redis.server().address();
        storeA = RedisRegistry.connect(address, "hubA" + random.nextInt(1 << 20), TIMING, clock, NO_METRICS);
        storeB = RedisRegistry.connect(address, "hubB" + random.nextInt(1 << 20), TIMING, clock, NO_METRICS);
        hubA = new Registrar(storeA, TIMING, 50, clock, new SplittableRandom(1));
        hubB = new Registrar(storeB, TIMING, 50, clock, new SplittableRandom(2));
    }

    @AfterEach
    void stopHubs() {
        storeA.close();
        storeB.close();
    }

    @Test
    void aPlayerOfOneHubIsListedToThePlayersOfTheOtherAndCountsCoverBoth() {
        hubA.announce(notify(1, Event.START, 100), "10.0.0.1", 1).answer();
        hubB.announce(notify(2, Event.START, 0), "10.0.0.2", 1).answer();
        clock.advance(RedisRegistry.SAMPLE_AGE);

        Answer atA = hubA.announce(notify(3, Event.START, 100), "10.0.0.3", 2).answer();

        assertNull(atA.failureReason());
        assertEquals(List.of(entry(1, "10.0.0.1", false), entry(2, "10.0.0.2", true)),
                atA.players().stream().sorted((x, y) -> x.ip().compareTo(y.ip())).toList());
        assertEquals(1, atA.complete());
        assertEquals(2, atA.incomplete());
    }

    @Test
    void eachHubListsWhatTheOtherChangedOnceItsSampleOfTheSwarmIsSampleAgeOld() {
        hubA.announce(notify(1, Event.START, 100), "10.0.0.1", 1).answer();
        clock.advance(Duration.ofMillis(1));
        hubB.announce(notify(2, Event.START, 100), "10.0.0.2", 1).answer();
        clock.advance(RedisRegistry.SAMPLE_AGE.minusMillis(2));

        Answer early = hubA.announce(notify(3, Event.START, 100), "10.0.0.3", 2).answer();
        clock.advance(Duration.ofMillis(1));
        Answer late = hubA.announce(notify(3, Event.START, 100), "10.0.0.3", 2).answer();

        assertEquals(List.of(entry(1, "10.0.0.1", false)), early.players(), "hub A's sample is from before player 2");
        assertEquals(3, early.incomplete(), "the counts are the whole swarm's at once");
        assertEquals(List.of(entry(1, "10.0.0.1", false), entry(2, "10.0.0.2", false)),
                late.players().stream().sorted((x, y) -> x.ip().compareTo(y.ip())).toList());
    }

    @Test
    void stoppedAtEitherHubRemovesThePlayer() {
        hubA.announce(notify(1, Event.START, 100), "10.0.0.1", 1).answer();
        hubA.announce(notify(2, Event.START, 100), "10.0.0.2", 2).answer();

        hubB.announce(notify(1, Event.STOPPED, 100), "10.0.0.1", 7).answer();
        clock.advance(RedisRegistry.SAMPLE_AGE);
        Answer answer = hubA.announce(notify(2, Event.START, 100), "10.0.0.2", 2).answer();

        assertEquals(List.of(), answer.players());
        assertEquals(1, answer.incomplete());
    }

    @Test
    void aClosingConnectionDropsOnlyItsOwnHubsPlayersThoughTheNumbersAreAlike() {
        hubA.announce(notify(1, Event.START, 100), "10.0.0.1", 5).answer();
        hubB.announce(notify(2, Event.START, 100), "10.0.0.2", 5).answer();

        hubA.connectionClosed(5);
        clock.advance(RedisRegistry.SAMPLE_AGE);

        assertEquals(List.of(entry(2, "10.0.0.2", false)), hubB.announce(notify(3, Event.START, 100), "10.0.0.3", 6).answer().players()
                .stream().filter(p -> !p.ip().equals("10.0.0.3")).toList());
    }

    @Test
    void aPlayerThatMovedToAnotherHubStaysWhenItsOldConnectionCloses() {
        hubA.announce(notify(1, Event.START, 100), "10.0.0.1", 5).answer();
        clock.advance(Duration.ofSeconds(10));
        hubB.announce(notify(1, Event.START, 100), "10.0.0.1", 9).answer();

        hubA.connectionClosed(5);

        Answer answer = hubA.announce(notify(2, Event.START, 100), "10.0.0.2", 6).answer();
        assertEquals(List.of(entry(1, "10.0.0.1", false)), answer.players());
    }

    @Test
    void aSilentPlayerExpiresWithoutItsHubAndOneThatAnnouncedElsewhereStays() {
        hubA.announce(notify(1, Event.START, 100), "10.0.0.1", 1).answer();
        hubA.announce(notify(2, Event.START, 100), "10.0.0.2", 2).answer();
        clock.advance(TIMING.silenceLimit().minusSeconds(1));
        // Hub A is gone (no expiry round, no closing); player 2 now announces to hub B.
        hubB.announce(notify(2, Event.START, 100), "10.0.0.2", 1).answer();

        clock.advance(Duration.ofSeconds(2));
        Answer answer = hubB.announce(notify(3, Event.START, 100), "10.0.0.3", 2).answer();

        assertEquals(List.of(entry(2, "10.0.0.2", false)), answer.players());
        assertEquals(2, answer.incomplete());
    }

    @Test
    void aSilentPlayerIsListedUntilTheSilenceLimit() {
        hubA.announce(notify(1, Event.START, 100), "10.0.0.1", 1).answer();
        clock.advance(TIMING.silenceLimit());

        Answer answer = hubB.announce(notify(2, Event.START, 100), "10.0.0.2", 1).answer();

        assertEquals(List.of(entry(1, "10.0.0.1", false)), answer.players());
    }

    @Test
    void anAddressReportedAtOneHubIsCheckedAndDroppedForAPlayerOfTheOther() {
        HostPort address = new HostPort("10.0.0.1", 7001);
        hubA.announce(notify(1, Event.START, 100), "10.0.0.1", 1).answer();
        clock.advance(Duration.ofSeconds(1));
        Instant checkStarted = clock.instant();

        assertTrue(hubB.isRegistered(address));
        assertFalse(hubB.isRegistered(new HostPort("10.0.0.1", 7002)));
        hubB.unreachable(address, checkStarted);

        assertFalse(hubA.isRegistered(address));
        assertEquals(List.of(), hubA.announce(notify(2, Event.START, 100), "10.0.0.2", 2).answer().players());
    }

    @Test
    void aPlayerThatAnnouncedDuringTheCheckStays() {
        HostPort address = new HostPort("10.0.0.1", 7001);
        Instant checkStarted = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        hubA.announce(notify(1, Event.START, 100), "10.0.0.1", 1).answer();

        hubB.unreachable(address, checkStarted);

        assertTrue(hubA.isRegistered(address));
    }

    @Test
    void aPlayerThatMovedIsNoLongerFoundAtItsOldAddress() {
        hubA.announce(notify(1, Event.START, 100), "10.0.0.1", 1).answer();
        hubB.announce(notify(1, Event.START, 100), "10.0.0.9", 1).answer();

        assertFalse(hubA.isRegistered(new HostPort("10.0.0.1", 7001)));
        assertTrue(hubA.isRegistered(new HostPort("10.0.0.9", 7001)));
    }

    @Test
    void whileRedisIsDownAnswersCarryAFailureReasonAndAfterItsRestartTheHubServesAgain() throws Exception {
        hubA.announce(notify(1, Event.START, 100), "10.0.0.1", 1).answer();
        redis.server().kill();
        try {
            Answer down = hubA.announce(notify(1, Event.START, 100), "10.0.0.1", 1).answer();
            assertNotNull(down.failureReason());
            assertTrue(down.failureReason().contains("127.0.0.1:" + redis.server().port()), down.failureReason());
            // Announces in between fail at once, without waiting for a connection each.
            assertNotNull(hubA.announce(notify(1, Event.START, 100), "10.0.0.1", 1).answer().failureReason());
        } finally {
            redis.server().restart();
        }
        Answer back = awaitServed(() -> hubA.announce(notify(1, Event.START, 100), "10.0.0.1", 1).answer());
        // The restarted Redis is empty: the player registers again, and the scripts are loaded again.
        assertEquals(0, back.complete() + back.incomplete() - 1);
    }

    private Answer awaitServed(java.util.function.Supplier<Answer> announce) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Answer answer = announce.get();
            if (answer.failureReason() == null || System.nanoTime() > deadline) {
                assertNull(answer.failureReason(), "the hub did not recover");
                return answer;
            }
            Thread.sleep(100);
        }
    }

    private Notify notify(int player, Event event, long left) {
        return new Notify(stuff, RegistrarTest.player(player), 7000 + player, 0, 0, left, event);
    }

    private static PlayerEntry entry(int player, String ip, boolean complete) {
        return new PlayerEntry(RegistrarTest.player(player), ip, 7000 + player, complete);
    }

    private static InfoHash newStuff() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return InfoHash.of(bytes);
    }
}
