package netd.hub;

import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.Notify;
import netd.common.wire.HubMessage.PlayerEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistrarTest {
    private static final InfoHash STUFF = infoHash('a');
    private static final InfoHash OTHER_STUFF = infoHash('b');
    private static final AnnounceTiming TIMING = AnnounceTiming.of(Duration.ofSeconds(10), Duration.ofSeconds(5));

    private final TestClock clock = new TestClock();
    private final Registrar registrar = new Registrar(new InMemoryRegistry(), TIMING, 50, clock, new SplittableRandom(7));

    @Test
    void twoPlayersSeeEachOtherAndNeverThemselves() {
        Answer first = announce(STUFF, 1, Event.START, 100);
        Answer second = announce(STUFF, 2, Event.START, 100);

        assertEquals(List.of(), first.players());
        assertEquals(List.of(player(1)), ids(second));
        assertEquals(List.of(player(2)), ids(announce(STUFF, 1, Event.START, 100)));
    }

    @Test
    void anAnswerCarriesTheIpOfTheConnectionAndThePortOfTheMessage() {
        registrar.announce(notify(STUFF, 1, Event.STARTED, 100, 6881), "10.0.0.1", 1);
        PlayerEntry entry = announce(STUFF, 2, Event.START, 100).players().getFirst();

        assertEquals("10.0.0.1", entry.ip());
        assertEquals(6881, entry.port());
        assertFalse(entry.complete());
    }

    @Test
    void sixtyPlayersGetFiftyOthersEach() {
        for (int i = 0; i < 60; i++) {
            announce(STUFF, i, Event.START, 100);
        }
        for (int i = 0; i < 60; i++) {
            List<PlayerId> others = ids(announce(STUFF, i, Event.START, 100));
            assertEquals(50, others.size());
            assertEquals(50, new HashSet<>(others).size(), "no player twice");
            assertFalse(others.contains(player(i)), "never the asker");
        }
    }

    @Test
    void picksAreRandomWhenTheSwarmIsLargerThanAnAnswer() {
        for (int i = 0; i < 60; i++) {
            announce(STUFF, i, Event.START, 100);
        }
        Set<PlayerId> seen = new HashSet<>();
        for (int round = 0; round < 10; round++) {
            seen.addAll(ids(announce(STUFF, 0, Event.START, 100)));
        }
        assertEquals(59, seen.size(), "ten answers of 50 out of 59 others miss nobody");
    }

    @Test
    void countsCoverTheWholeSwarmAndListsAtMostTheCap() {
        Registrar small = new Registrar(new InMemoryRegistry(), TIMING, 3, clock, new SplittableRandom(1));
        for (int i = 0; i < 4; i++) {
            small.announce(notify(STUFF, i, Event.START, 0, 7000 + i), "127.0.0.1", 1);
        }
        small.announce(notify(STUFF, 4, Event.COMPLETED, 100, 7004), "127.0.0.1", 1);
        small.announce(notify(STUFF, 5, Event.START, 100, 7005), "127.0.0.1", 1);
        Answer answer = small.announce(notify(STUFF, 6, Event.START, 100, 7006), "127.0.0.1", 1).answer();

        assertEquals(3, answer.players().size());
        assertEquals(5, answer.complete(), "left 0 or completed");
        assertEquals(2, answer.incomplete(), "the asker counts too");
        assertEquals(10, answer.interval());
        assertEquals(1, answer.minInterval(), "six others: four answers of three list them (AnnounceTiming)");
        assertNull(answer.failureReason());
    }

    @Test
    void swarmsAreSeparate() {
        announce(STUFF, 1, Event.START, 100);

        assertAlone(announce(OTHER_STUFF, 2, Event.START, 100));
    }

    @Test
    void stoppedRemovesThePlayer() {
        announce(STUFF, 1, Event.START, 100);
        announce(STUFF, 1, Event.STOPPED, 100);

        assertAlone(announce(STUFF, 2, Event.START, 100));
    }

    @Test
    void aPlayerIdAnnouncedFromANewAddressReplacesTheOldEntry() {
        registrar.announce(notify(STUFF, 1, Event.START, 100, 6881), "10.0.0.1", 1);
        registrar.announce(notify(STUFF, 1, Event.START, 100, 6999), "10.0.0.2", 2);

        List<PlayerEntry> players = announce(STUFF, 2, Event.START, 100).players();
        assertEquals(1, players.size());
        assertEquals("10.0.0.2", players.getFirst().ip());
        assertEquals(6999, players.getFirst().port());
    }

    @Test
    void completedMarksThePlayerComplete() {
        announce(STUFF, 1, Event.START, 100);
        clock.advance(Duration.ofSeconds(10));
        announce(STUFF, 1, Event.COMPLETED, 0);

        Answer answer = announce(STUFF, 2, Event.START, 100);
        assertTrue(answer.players().getFirst().complete());
        assertEquals(1, answer.complete());
        assertEquals(1, answer.incomplete());
    }

    @Test
    void anAnnounceSoonerThanTheMinIntervalIsAnsweredWithAWarning() {
        Registrar listingOne = new Registrar(new InMemoryRegistry(), TIMING, 1, clock, new SplittableRandom(3));
        for (int i = 1; i <= 6; i++) {
            listingOne.announce(notify(STUFF, i, Event.START, 100, 7000 + i), "127.0.0.1", 1);
        }
        clock.advance(Duration.ofSeconds(4));
        Answer tooSoon = listingOne.announce(notify(STUFF, 1, Event.START, 100, 7001), "127.0.0.1", 1).answer();
        clock.advance(Duration.ofSeconds(5));
        Answer inTime = listingOne.announce(notify(STUFF, 1, Event.START, 100, 7001), "127.0.0.1", 1).answer();

        assertEquals(5, tooSoon.minInterval(), "six players do not fit in four answers of one");
        assertNotNull(tooSoon.warningMessage());
        assertTrue(tooSoon.warningMessage().contains("min interval is 5 s"), tooSoon.warningMessage());
        assertEquals(1, tooSoon.players().size(), "still answered");
        assertNull(inTime.warningMessage());
    }

    @Test
    void aSwarmThatOneAnswerListsWholeIsToldTheShortMinInterval() {
        Answer alone = announce(STUFF, 1, Event.START, 100);
        announce(STUFF, 2, Event.START, 100);
        clock.advance(Duration.ofMillis(900));
        Answer tooSoon = announce(STUFF, 1, Event.START, 100);
        clock.advance(Duration.ofMillis(1100));
        Answer inTime = announce(STUFF, 1, Event.START, 100);

        assertEquals(1, alone.minInterval(), "the first player hears of the next one a second later, not five");
        assertEquals(1, inTime.minInterval());
        assertNotNull(tooSoon.warningMessage());
        assertTrue(tooSoon.warningMessage().contains("min interval is 1 s"), tooSoon.warningMessage());
        assertNull(inTime.warningMessage(), "1.1 s after is in time in a small swarm");
        assertEquals(List.of(player(2)), ids(inTime));
    }

    @Test
    void aSilentPlayerIsDroppedAfterTwoIntervalsAndTheGrace() {
        announce(STUFF, 1, Event.START, 100);
        clock.advance(Duration.ofSeconds(20));
        announce(STUFF, 2, Event.START, 100);
        clock.advance(Duration.ofSeconds(5));
        registrar.expire();
        assertEquals(Set.of(player(1), player(2)), Set.copyOf(ids(announce(STUFF, 3, Event.START, 100))),
                "25 s of silence is within 2 x 10 s + 5 s");

        clock.advance(Duration.ofMillis(1));
        registrar.expire();
        assertEquals(List.of(player(2)), ids(announce(STUFF, 3, Event.START, 100)));
    }

    @Test
    void anAnnounceKeepsAPlayerRegistered() {
        announce(STUFF, 1, Event.START, 100);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(10));
            announce(STUFF, 1, Event.START, 100);
            registrar.expire();
        }
        assertEquals(List.of(player(1)), ids(announce(STUFF, 2, Event.START, 100)));
    }

    @Test
    void theClosingOfAConnectionDropsOnlyItsPlayers() {
        registrar.announce(notify(STUFF, 1, Event.START, 100, 7001), "127.0.0.1", 1);
        registrar.announce(notify(OTHER_STUFF, 1, Event.START, 100, 7001), "127.0.0.1", 1);
        registrar.announce(notify(STUFF, 2, Event.START, 100, 7002), "127.0.0.1", 2);
        registrar.connectionClosed(1);

        assertEquals(List.of(player(2)), ids(announce(STUFF, 3, Event.START, 100)));
        assertEquals(List.of(), ids(announce(OTHER_STUFF, 3, Event.START, 100)));
    }

    @Test
    void aPlayerThatMovedToAnotherConnectionSurvivesTheOldOnesClosing() {
        registrar.announce(notify(STUFF, 1, Event.START, 100, 7001), "127.0.0.1", 1);
        registrar.announce(notify(STUFF, 1, Event.START, 100, 7001), "127.0.0.1", 2);
        registrar.connectionClosed(1);

        assertEquals(List.of(player(1)), ids(announce(STUFF, 3, Event.START, 100)));
    }

    @Test
    void anUnreachableAddressDropsOnlyPlayersNotSeenSinceTheCheckStarted() {
        registrar.announce(notify(STUFF, 1, Event.START, 100, 7001), "10.0.0.1", 1);
        registrar.announce(notify(OTHER_STUFF, 1, Event.START, 100, 7001), "10.0.0.1", 1);
        HostPort address = new HostPort("10.0.0.1", 7001);
        assertTrue(registrar.isRegistered(address));
        assertFalse(registrar.isRegistered(new HostPort("10.0.0.1", 7002)));

        clock.advance(Duration.ofSeconds(1));
        java.time.Instant checkStarted = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        registrar.announce(notify(OTHER_STUFF, 1, Event.START, 100, 7001), "10.0.0.1", 1);
        registrar.unreachable(address, checkStarted);

        assertEquals(List.of(), ids(announce(STUFF, 3, Event.START, 100)));
        assertEquals(List.of(player(1)), ids(announce(OTHER_STUFF, 3, Event.START, 100)), "announced after the check began");
    }

    /** The asker is the only player of its swarm. */
    private static void assertAlone(Answer answer) {
        assertEquals(List.of(), answer.players());
        assertEquals(1, answer.incomplete());
        assertEquals(0, answer.complete());
    }

    private Answer announce(InfoHash stuff, int player, Event event, long left) {
        return registrar.announce(notify(stuff, player, event, left, 7000 + player), "127.0.0.1", 100 + player).answer();
    }

    private static Notify notify(InfoHash stuff, int player, Event event, long left, int port) {
        return new Notify(stuff, player(player), port, 0, 0, left, event);
    }

    private static List<PlayerId> ids(Answer answer) {
        return answer.players().stream().map(PlayerEntry::playerId).toList();
    }

    static PlayerId player(int number) {
        return PlayerId.of(String.format("-ND0100-%012x", number).getBytes(StandardCharsets.US_ASCII));
    }

    private static InfoHash infoHash(char fill) {
        byte[] bytes = new byte[20];
        Arrays.fill(bytes, (byte) fill);
        return InfoHash.of(bytes);
    }
}
