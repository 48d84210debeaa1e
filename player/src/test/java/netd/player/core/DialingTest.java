package netd.player.core;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import netd.common.id.PlayerId;
import netd.common.wire.HubMessage.PlayerEntry;
import netd.player.PlayerTuning;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static netd.player.core.TestPlayers.entry;
import static netd.player.core.TestPlayers.id;

/** Whom to dial and when again, with the time passed in: no sockets, no clock. */
class DialingTest {
    private static final int OUR_PORT = 40_000;
    private static final long START = 1_000_000;

    private final Bans bans = new Bans();
    private final Dialing dialing = new Dialing(id('o'), 3, bans, new SplittableRandom(3));

    @Test
    void candidatesAreTheUsableListedPlayersInARandomOrder() {
        List<PlayerEntry> listed = new ArrayList<>();
        for (char c = 'a'; c <= 'j'; c++) {
            listed.add(entry(c, c - 'a' + 1));
        }
        listed.add(new PlayerEntry(id('o'), "127.0.0.99", 7000, false));
        listed.add(new PlayerEntry(id('x'), "localhost", 7000, false));
        listed.add(new PlayerEntry(id('y'), "127.0.0.98", 70_000, false));
        listed.add(new PlayerEntry(id('z'), "127.0.0.1", OUR_PORT, false));
        listed.add(entry('a', 50));
        dialing.hubListed(listed, OUR_PORT);

        List<PlayerEntry> first = dialing.candidates(START);
        // Each usable entry once, as first listed; not our own id, a name, a bad port or our own socket.
        assertEquals(10, first.size());
        assertEquals(new HashSet<>(listed.subList(0, 10)), new HashSet<>(first));
        List<PlayerEntry> second = dialing.candidates(START);
        assertEquals(new HashSet<>(first), new HashSet<>(second));
        assertFalse(first.equals(second) && first.equals(dialing.candidates(START)), "shuffled each time");
    }

    @Test
    void countingWhoMayBeDialledDrawsNothing() {
        List<PlayerEntry> listed = new ArrayList<>();
        for (char c = 'a'; c <= 'j'; c++) {
            listed.add(entry(c, c - 'a' + 1));
        }
        Dialing asked = new Dialing(id('o'), 3, new Bans(), new SplittableRandom(11));
        Dialing notAsked = new Dialing(id('o'), 3, new Bans(), new SplittableRandom(11));
        asked.hubListed(listed, OUR_PORT);
        notAsked.hubListed(listed, OUR_PORT);

        assertEquals(10, asked.candidateCount(START));
        assertEquals(10, asked.candidateCount(START));
        assertEquals(notAsked.candidates(START), asked.candidates(START), "the same order: no draw was taken");
        asked.dialled(listed.get(0).playerId());
        asked.dialled(listed.get(1).playerId());
        assertEquals(8, asked.candidateCount(START), "those being dialled are not counted");
        asked.opened(listed.get(0).playerId());
        asked.closed(listed.get(0).playerId(), false, START);
        assertEquals(8, asked.candidateCount(START), "nor one waiting out its backoff");
        for (PlayerEntry entry : listed) {
            asked.dialled(entry.playerId());
        }
        assertEquals(0, asked.candidateCount(START), "everyone listed is being dialled");
        assertEquals(List.of(), asked.candidates(START));
    }

    @Test
    void roomToDialStopsAtMaxDownloadsOpenOrBeingOpened() {
        dialing.hubListed(List.of(entry('a', 1), entry('b', 2), entry('c', 3), entry('d', 4)), OUR_PORT);
        dialing.dialled(id('a'));
        dialing.dialled(id('b'));
        dialing.opened(id('a'));
        assertTrue(dialing.roomToDial(id('d')));
        dialing.dialled(id('c'));
        assertFalse(dialing.roomToDial(id('d')), "one open, two being opened: --max-downloads 3");
        assertEquals(List.of(id('d')), ids(dialing.candidates(START)), "those linked or dialled are not candidates");
        dialing.dialFailed(id('b'), START);
        assertTrue(dialing.roomToDial(id('d')));
    }

    @Test
    void playersThatDownloadFromUsComeFirstAndHaveRoomBeyondMaxDownloadsEvenWhenTheHubNoLongerListsThem() {
        List<PlayerEntry> listed = new ArrayList<>();
        for (char c = 'a'; c <= 'j'; c++) {
            listed.add(entry(c, c - 'a' + 1));
        }
        dialing.hubListed(listed, OUR_PORT);
        dialing.downloaderOpened(id('h'));
        dialing.downloaderOpened(id('i'));
        for (int round = 0; round < 5; round++) {
            assertEquals(java.util.Set.of(id('h'), id('i')), new HashSet<>(ids(dialing.candidates(START)).subList(0, 2)));
        }
        for (char c = 'a'; c <= 'c'; c++) {
            dialing.dialled(id(c));
            dialing.opened(id(c));
        }
        assertFalse(dialing.roomToDial(id('d')), "--max-downloads 3 open");
        assertTrue(dialing.roomToDial(id('h')), "h downloads from us: tit-for-tat needs to see what it gives");
        dialing.hubListed(List.of(entry('d', 4)), OUR_PORT);
        assertEquals(java.util.Set.of(id('d'), id('h'), id('i')), new HashSet<>(ids(dialing.candidates(START))),
                "h and i still known, though the hub left them out this time");
        dialing.downloaderClosed(id('h'));
        assertFalse(dialing.roomToDial(id('h')));
        for (int extra = 0; extra < PlayerTuning.EXTRA_FOR_DOWNLOADERS; extra++) {
            assertTrue(dialing.roomToDial(id('i')));
            dialing.dialled(id((char) ('k' + extra)));
        }
        assertFalse(dialing.roomToDial(id('i')), "at most EXTRA_FOR_DOWNLOADERS more");
    }

    @Test
    void aPlayerGivenUpAsTheSlowestWaitsLongerThanADroppedOneAndDownloadsCountAsFullAtMaxDownloads() {
        dialing.hubListed(List.of(entry('a', 1), entry('b', 2), entry('c', 3), entry('d', 4)), OUR_PORT);
        for (char c = 'a'; c <= 'c'; c++) {
            assertFalse(dialing.downloadsFull());
            dialing.dialled(id(c));
            dialing.opened(id(c));
            sendingBooks(c, START);
        }
        assertTrue(dialing.downloadsFull(), "--max-downloads 3 open");
        dialing.closed(id('a'), false, START);
        dialing.rotatedOut(id('a'), START);
        dialing.closed(id('b'), false, START);
        assertFalse(dialing.downloadsFull());
        long dropped = START + PlayerTuning.RECONNECT.first().toMillis();
        assertEquals(java.util.Set.of(id('b'), id('d')), new HashSet<>(ids(dialing.candidates(dropped))),
                "b, dropped, is due after its first backoff; a is not");
        dialing.delivered(id('c'), START + PlayerTuning.ROTATED_OUT_MILLIS - 2); // c still works
        assertTrue(ids(dialing.candidates(START + PlayerTuning.ROTATED_OUT_MILLIS - 1)).stream().noneMatch(id('a')::equals));
        assertTrue(ids(dialing.candidates(START + PlayerTuning.ROTATED_OUT_MILLIS)).contains(id('a')));
    }

    @Test
    void aPlayerGivenUpAsTheSlowestIsDueAtOnceWhenNoUploaderIsLeft() {
        dialing.hubListed(List.of(entry('a', 1), entry('b', 2), entry('c', 3)), OUR_PORT);
        for (char c = 'a'; c <= 'c'; c++) {
            sendingBooks(c, START);
        }
        dialing.closed(id('a'), false, START);
        dialing.rotatedOut(id('a'), START);
        assertTrue(ids(dialing.candidates(START + 1)).isEmpty(), "b and c work: a waits its turn");

        // b and c complete and leave: a, the only one left, is due at once.
        dialing.closed(id('b'), false, START + 1_000);
        dialing.closed(id('c'), false, START + 1_000);
        assertEquals(List.of(id('a')), ids(dialing.candidates(START + 1_001)));
        sendingBooks('a', START + 1_002);
        dialing.closed(id('a'), false, START + 1_003);
        assertFalse(ids(dialing.candidates(START + 1_004)).contains(id('a')), "reopened: an ordinary drop's backoff again");
    }

    @Test
    void fewDialsAreUnderWayAtOnceHoweverManyDownloadsAreAllowed() {
        Dialing generous = new Dialing(id('o'), 100, bans, new SplittableRandom(3));
        for (int i = 0; i < PlayerTuning.MAX_CONNECTING; i++) {
            assertTrue(generous.roomToDial(id('z')));
            generous.dialled(id((char) ('a' + i)));
        }
        assertFalse(generous.roomToDial(id('z')));
    }

    @Test
    void aPlayerThatFailsWaitsABackoffThatDoublesUpToItsCap() {
        dialing.hubListed(List.of(entry('a', 1), entry('b', 2)), OUR_PORT);
        dialing.dialled(id('b'));
        dialing.opened(id('b'));
        long now = START;
        long full = PlayerTuning.RECONNECT.first().toMillis();
        for (int failure = 0; failure < 12; failure++) {
            // b keeps sending books: this player's network works.
            dialing.delivered(id('b'), now);
            dialing.dialled(id('a'));
            long delay = dialing.dialFailed(id('a'), now);
            long bound = Math.min(full << failure, PlayerTuning.RECONNECT.cap().toMillis());
            assertTrue(delay >= bound / 2 && delay <= bound, "failure " + (failure + 1) + ": " + delay + " ms");
            dialing.delivered(id('b'), now + delay - 1);
            assertEquals(List.of(), dialing.candidates(now + delay - 1), "not before its backoff");
            assertEquals(List.of(id('a')), ids(dialing.candidates(now + delay)), "at its backoff's end");
            now += delay;
        }
    }

    @Test
    void aPlayerWhoseLastDialFailedCountsAsRefusingUntilADialToItOpens() {
        dialing.hubListed(List.of(entry('a', 1), entry('b', 2), entry('c', 3)), OUR_PORT);
        fail('c', 1, START);
        assertFalse(dialing.refused(id('c')), "no uploader worked: maybe this player's own link failed it");
        sendingBooks('b', START);
        assertFalse(dialing.refused(id('a')), "never dialled: no evidence against it");
        fail('a', 1, START);
        assertTrue(dialing.refused(id('a')));
        assertFalse(dialing.refused(id('b')));
        dialing.dialled(id('a'));
        dialing.opened(id('a'));
        assertFalse(dialing.refused(id('a')), "it accepted this time");
    }

    @Test
    void aGoodBookStartsTheBackoffOver() {
        dialing.hubListed(List.of(entry('a', 1), entry('b', 2)), OUR_PORT);
        sendingBooks('b', START);
        fail('a', 5, START);
        sendingBooks('a', START);
        dialing.closed(id('a'), false, START);
        assertEquals(List.of(id('a')), ids(dialing.candidates(START + PlayerTuning.RECONNECT.first().toMillis())),
                "the first backoff again");
    }

    @Test
    void whileNoDownloadLinkIsOpenAListedPlayerIsRedialledWithinSecondsHoweverOftenItFailed() {
        dialing.hubListed(List.of(entry('a', 1)), OUR_PORT);
        dialing.dialled(id('a'));
        dialing.opened(id('a'));
        // This player's link goes down: the link stalls and closes, and every dial fails for a long while.
        long now = START;
        dialing.closed(id('a'), false, now);
        for (int failure = 0; failure < 12; failure++) {
            assertEquals(List.of(id('a')), ids(dialing.candidates(now + PlayerTuning.LONELY_RETRY_MILLIS)),
                    "failure " + failure + ": due again within 2 s");
            now += PlayerTuning.LONELY_RETRY_MILLIS;
            dialing.dialled(id('a'));
            assertTrue(dialing.dialFailed(id('a'), now) <= PlayerTuning.LONELY_RETRY_MILLIS, "the delay it reports");
        }
    }

    @Test
    void withADownloadLinkOpenAFailedPlayerWaitsOutItsWholeBackoff() {
        dialing.hubListed(List.of(entry('a', 1), entry('b', 2)), OUR_PORT);
        sendingBooks('b', START);
        fail('a', 3, START);
        dialing.dialled(id('a'));
        long delay = dialing.dialFailed(id('a'), START);
        assertTrue(delay > PlayerTuning.LONELY_RETRY_MILLIS, "the fourth failure's backoff: " + delay + " ms");
        assertEquals(List.of(), dialing.candidates(START + PlayerTuning.LONELY_RETRY_MILLIS), "b still serves this player");
        dialing.closed(id('b'), false, START);
        assertEquals(new HashSet<>(List.of(id('a'), id('b'))), new HashSet<>(ids(dialing.candidates(START
                + PlayerTuning.LONELY_RETRY_MILLIS))), "no link left: both are due within 2 s");
    }

    @Test
    void aLinkOpenButSendingNoBookDoesNotCountAsAWorkingUploader() {
        dialing.hubListed(List.of(entry('a', 1), entry('b', 2)), OUR_PORT);
        sendingBooks('a', START);
        fail('b', 5, START);
        // a's link is open but dead, like every link of a player whose own link went down.
        long later = START + PlayerTuning.WORKING_MILLIS;
        dialing.dialled(id('b'));
        assertTrue(dialing.dialFailed(id('b'), later) <= PlayerTuning.LONELY_RETRY_MILLIS);
        assertEquals(List.of(id('b')), ids(dialing.candidates(later + PlayerTuning.LONELY_RETRY_MILLIS)));
    }

    @Test
    void aPlayerThatIsReachedAndDropsKeepsItsGrowingBackoffEvenWhileNoUploaderWorks() {
        dialing.hubListed(List.of(entry('a', 1)), OUR_PORT);
        // a accepts, sends a fine bitfield, then garbage: dropped three times.
        for (int drop = 0; drop < 3; drop++) {
            dialing.dialled(id('a'));
            dialing.opened(id('a'));
            dialing.closed(id('a'), false, START);
        }
        assertEquals(List.of(), dialing.candidates(START + PlayerTuning.LONELY_RETRY_MILLIS),
                "its third backoff (4-8 s) holds: a dropped link is no fault of this player's");
    }

    @Test
    void onceALinkOpensAgainThePlayersThatFailedMeanwhileAreDueAtOnce() {
        dialing.hubListed(List.of(entry('a', 1), entry('b', 2), entry('c', 3)), OUR_PORT);
        sendingBooks('a', START);
        fail('b', 5, START);
        fail('c', 5, START);
        // Alone: a drops, and b and c fail once more; then a's redial gets through.
        dialing.closed(id('a'), false, START);
        fail('b', 1, START + 1);
        fail('c', 1, START + 1);
        dialing.dialled(id('a'));
        dialing.opened(id('a'));
        assertEquals(new HashSet<>(List.of(id('b'), id('c'))), new HashSet<>(ids(dialing.candidates(START + 2))),
                "their failures may have been this player's own link's: due now, not after backoffs of a minute");
        dialing.dialled(id('b'));
        long delay = dialing.dialFailed(id('b'), START + 3);
        assertTrue(delay > PlayerTuning.LONELY_RETRY_MILLIS, "failing again with a link open, b waits its grown backoff: " + delay);
    }

    @Test
    void aDroppedLinkIsRedialledAfterABackoffAndNeverOnceBanned() {
        dialing.hubListed(List.of(entry('a', 1), entry('b', 2)), OUR_PORT);
        for (char c : new char[] {'a', 'b'}) {
            dialing.dialled(id(c));
            dialing.opened(id(c));
        }
        dialing.closed(id('a'), false, START);
        assertEquals(List.of(), dialing.candidates(START));
        dialing.closed(id('b'), true, START);
        assertEquals(List.of(id('b')), ids(dialing.candidates(START)), "complete: no backoff (nor any dial, by the manager)");

        bans.ban(id('b'), new InetSocketAddress("127.0.0.2", 6002));
        assertEquals(List.of(id('a')), ids(dialing.candidates(START + PlayerTuning.RECONNECT.first().toMillis())),
                "a once its backoff is over; b, banned, never");
    }

    @Test
    void bannedPlayersAreNotDialledByIdNorByAddress() {
        bans.ban(id('a'), new InetSocketAddress("127.0.0.9", 9000));
        dialing.hubListed(List.of(new PlayerEntry(id('a'), "127.0.0.1", 6001, false),
                new PlayerEntry(id('n'), "127.0.0.9", 9000, false), entry('c', 3)), OUR_PORT);
        assertEquals(List.of(id('c')), ids(dialing.candidates(START)));
    }

    @Test
    void aHubSendingFreshIdsEveryAnswerDoesNotGrowTheRetryBookkeeping() {
        for (int answer = 0; answer < 1000; answer++) {
            PlayerId fresh = PlayerId.generate(new SplittableRandom(answer));
            dialing.hubListed(List.of(new PlayerEntry(fresh, "127.0.0.5", 6000, false)), OUR_PORT);
            dialing.dialled(fresh);
            dialing.dialFailed(fresh, START);
        }
        // What is kept is the last id's backoff only: the previous ones, unlisted, were forgotten.
        PlayerId last = PlayerId.generate(new SplittableRandom(999));
        dialing.hubListed(List.of(new PlayerEntry(last, "127.0.0.5", 6000, false)), OUR_PORT);
        assertEquals(List.of(), dialing.candidates(START), "the listed one still waits");
        assertEquals(List.of(last), ids(dialing.candidates(START + PlayerTuning.RECONNECT.first().toMillis())),
                "its first backoff: the others' failures were not counted for it");
    }

    @Test
    void knowsThoseListedAndThoseItDownloadsFrom() {
        dialing.hubListed(List.of(entry('a', 1)), OUR_PORT);
        dialing.dialled(id('a'));
        dialing.opened(id('a'));
        dialing.hubListed(List.of(entry('b', 2)), OUR_PORT);
        assertTrue(dialing.knows(id('a')), "downloaded from, though no longer listed");
        assertTrue(dialing.knows(id('b')));
        assertFalse(dialing.knows(id('c')));
    }

    @Test
    void unusableEntriesAreReportedOncePerChange() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Dialing.class);
        logger.setLevel(Level.INFO);
        logger.addAppender(log);
        try {
            List<PlayerEntry> bad = List.of(new PlayerEntry(id('x'), "::1", 6000, false), entry('a', 1));
            dialing.hubListed(bad, OUR_PORT);
            dialing.hubListed(bad, OUR_PORT);
            dialing.hubListed(List.of(entry('a', 1)), OUR_PORT);
            dialing.hubListed(bad, OUR_PORT);
            assertEquals(2, log.list.stream().filter(e -> e.getLevel() == Level.WARN).count(), log.list.toString());
        } finally {
            logger.detachAppender(log);
            logger.setLevel(null);
        }
    }

    /** A download link to {@code who} is open, and it sent a good book at {@code at}. */
    private void sendingBooks(char who, long at) {
        dialing.dialled(id(who));
        dialing.opened(id(who));
        dialing.delivered(id(who), at);
    }

    /** Dials to {@code who} fail {@code times} times at {@code at}. */
    private void fail(char who, int times, long at) {
        for (int i = 0; i < times; i++) {
            dialing.dialled(id(who));
            dialing.dialFailed(id(who), at);
        }
    }

    private static List<PlayerId> ids(List<PlayerEntry> entries) {
        return entries.stream().map(PlayerEntry::playerId).toList();
    }
}
