package netd.player.peer;

import netd.player.PlayerTuning;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import netd.common.id.PlayerId;
import netd.common.library.BookHasher;
import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.testing.TestStuff;
import netd.common.wire.HubMessage.PlayerEntry;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.Bitfield;
import netd.common.wire.PeerMessage.BookData;
import netd.common.wire.PeerMessage.Choke;
import netd.common.wire.PeerMessage.Handshake;
import netd.common.wire.PeerMessage.Have;
import netd.common.wire.PeerMessage.Interested;
import netd.common.wire.PeerMessage.NotInterested;
import netd.common.wire.PeerMessage.Request;
import netd.common.wire.PeerMessage.Unchoke;
import netd.player.PlayerSettings;
import netd.player.Progress;
import netd.player.book.Book;
import netd.player.choke.ChokingRounds;
import netd.player.core.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static netd.player.core.TestPlayers.entry;
import static netd.player.core.TestPlayers.firstBooks;
import static netd.player.core.TestPlayers.id;

/**
 * Today's {@link PlayerConnectionManager} driven directly, on the test's thread: the test
 * hands it batches of events as its loop would ({@link PlayerConnectionManager#step}), with a
 * clock that moves only when the test says, over links that record what is sent on them
 * ({@link Line}, through the {@link SimulatedLinks} the simulator uses too) and a {@link LinkMaker} that counts slots. The book file is real (a temporary
 * file and its thread), so written books come back as the manager's own Written events.
 *
 * <p>This is the safety net for moving the manager's decisions into a core: each test states a
 * rule of the manager as seen from outside (what it sends, dials, closes and reports).
 */
@Timeout(30)
class PlayerConnectionManagerTest {
    private static final int BOOK_SIZE = 1024;
    private static final int BOOKS = 8;
    private static final int MAX_UPLOADS = 2;
    private static final int MAX_DOWNLOADS = 3;
    private static final int MAX_CONNECTIONS = 8;
    private static final Duration CHOKE_INTERVAL = Duration.ofSeconds(10);
    private static final int OUR_PORT = 40_000;
    private static final int INBOX_CAPACITY = 8;
    /** Where the manager and the core it runs log (netd.player.peer and netd.player.core), whichever of them says a thing. */
    private static final String LOGS = "netd.player";

    @TempDir
    Path directory;
    private final byte[] stuff = TestStuff.bytes(BOOK_SIZE * BOOKS - 100);
    private final Library library = TestStuff.library(stuff, BOOK_SIZE);
    private final PlayerId ownId = id('o');
    private final StepClock clock = new StepClock();
    private final ManagerInbox inbox = new ManagerInbox(INBOX_CAPACITY);
    private final Slots slots = new Slots();
    private final Reports reports = new Reports();
    private final List<Line> lines = new ArrayList<>();
    private Book book;
    private PlayerConnectionManager manager;
    private int booksWritten;

    @AfterEach
    void closeTheBook() throws InterruptedException {
        if (book != null) {
            book.close();
        }
    }

    // ---- slots ----

    @Test
    void everyWayALinkClosesGivesItsSlotBackOnce() throws Exception {
        leecher(0);
        hub(entry('a', 1), entry('b', 2), entry('c', 3));
        assertEquals(3, slots.dialled.size(), "as many dialled as --max-downloads");
        Line a = opened(entry('a', 1));
        Line b = opened(entry('b', 2));
        connectFailed(entry('c', 3));
        Line d = inbound(11);
        Line e = inbound(12);
        handshake(e, 'e');
        Line f = inbound(13);
        handshake(f, 'f');
        Line g = inbound(14);
        assertSlotsMatchOpenLines();

        a.closeFromTheOtherSide();
        drain();
        assertSlotsMatchOpenLines();

        // The same link reported closed twice (reader and writer both ending) frees one slot.
        deliver(new ManagerEvent.Closed(a.peer, "again"));
        assertSlotsMatchOpenLines();

        // Refused by the upload side: a message before its handshake.
        deliver(new ManagerEvent.Message(d.peer, new Interested()));
        assertFalse(d.open);
        assertSlotsMatchOpenLines();

        // Banned: bad books, as many as it takes.
        sendBadBooks(b, PlayerTuning.MAX_BAD_BOOKS);
        assertFalse(b.open);
        assertSlotsMatchOpenLines();

        // A handshake never sent: closed when its time is up.
        clock.advance(PlayerTuning.HANDSHAKE_TIMEOUT_MILLIS + PlayerTuning.TICK_MILLIS);
        deliver();
        assertFalse(g.open);
        assertEquals(2, openCount(e, f), "those that sent theirs stay");
        assertSlotsMatchOpenLines();

        // Closed as the idlest when room is wanted.
        clock.advance(PlayerTuning.IDLE_MILLIS);
        deliver(new ManagerEvent.RoomWanted());
        assertEquals(1, openCount(e, f), "one idle link closed for the room wanted");
        assertSlotsMatchOpenLines();
    }

    @Test
    void stopClosesEveryLinkAndStopsTakingNewOnes() throws Exception {
        leecher(0);
        hub(entry('a', 1), entry('b', 2));
        Line a = opened(entry('a', 1));
        Line c = inbound(3);
        assertFalse(manager.step(List.of(new ManagerEvent.Stop())), "the loop ends");
        assertFalse(a.open);
        assertFalse(c.open);
        assertTrue(slots.closed);
        for (Line line : List.of(a, c)) {
            assertEquals(List.of("this player is stopping"), line.closedBecause);
        }
    }

    @Test
    void roomWantedClosesTheLinkQuietLongestOnlyOnceItHasBeenQuietAMinute() throws Exception {
        leecher(0);
        Line first = inbound(11);
        handshake(first, 'x');
        clock.advance(10_000);
        Line second = inbound(12);
        handshake(second, 'y');
        clock.advance(PlayerTuning.IDLE_MILLIS - 20_000);

        deliver(new ManagerEvent.RoomWanted());
        assertTrue(first.open && second.open, "no link quiet for a minute yet");

        clock.advance(30_000);
        deliver(new ManagerEvent.RoomWanted());
        assertFalse(first.open, "the one quiet longest is closed");
        assertTrue(second.open, "one link per room wanted");
        assertTrue(first.closedBecause.getFirst().contains("idle"), first.closedBecause.toString());
        assertSlotsMatchOpenLines();
    }

    @Test
    void aDialWithoutAFreeSlotClosesTheIdlestInstead() throws Exception {
        leecher(0);
        List<Line> inbound = new ArrayList<>();
        for (int i = 0; i < MAX_CONNECTIONS; i++) {
            inbound.add(inbound(20 + i));
            handshake(inbound.getLast(), (char) ('p' + i));
            clock.advance(1000);
        }
        clock.advance(PlayerTuning.IDLE_MILLIS);

        hub(entry('a', 1));
        assertEquals(List.of(), slots.dialled, "no slot to dial with");
        assertFalse(inbound.getFirst().open, "the idlest made room");
        assertEquals(MAX_CONNECTIONS - 1, openCount(inbound.toArray(Line[]::new)));

        clock.advance(PlayerTuning.TICK_MILLIS);
        deliver();
        assertEquals(List.of(id('a')), dialledIds(), "dialled at the next tick, into the freed slot");
        assertSlotsMatchOpenLines();
    }

    // ---- dialling and backoff ----

    @Test
    void aPlayerThatCannotBeReachedIsReportedAndRetriedWithinSecondsWhileNoUploaderWorks() throws Exception {
        leecher(0);
        PlayerEntry a = entry('a', 1);
        hub(a);
        for (int failure = 0; failure < 6; failure++) {
            assertEquals(1, slots.dialled.size(), "dialled once");
            slots.dialled.clear();
            connectFailed(a);
            assertEquals(failure + 1, reports.unreachable.size());
            assertEquals(new HostPort(a.ip(), (int) a.port()), reports.unreachable.getLast());
            // The growing backoff holds while another uploader sends books (DialingTest).
            long waited = ticksUntilDialled();
            assertTrue(waited <= PlayerTuning.LONELY_RETRY_MILLIS, "failure " + (failure + 1) + ": redialled after " + waited + " ms");
        }
    }

    @Test
    void aFailedDialTriesTheNextListedPlayerAtOnce() throws Exception {
        leecher(0);
        hub(entry('a', 1), entry('b', 2), entry('c', 3), entry('d', 4));
        List<PlayerId> first = dialledIds();
        assertEquals(MAX_DOWNLOADS, first.size());
        PlayerEntry failed = slots.dialled.getFirst();
        connectFailed(failed);
        List<PlayerId> now = dialledIds();
        assertEquals(MAX_DOWNLOADS + 1, now.size(), "another player dialled without waiting for a tick");
        assertEquals(4, new HashSet<>(now).size(), "each listed player once");
    }

    @Test
    void aPlayerThatDroppedIsRedialledOnlyAfterABackoff() throws Exception {
        Line line = downloadingFromA(0);
        line.closeFromTheOtherSide();
        drain();
        slots.dialled.clear();
        long waited = ticksUntilDialled();
        long first = PlayerTuning.RECONNECT.first().toMillis();
        assertTrue(waited >= first / 2, "redialled after " + waited + " ms");
    }

    @Test
    void aDownloadLinkAskedAndSilentIsClosedAsStalledAndItsUploaderRedialledWithinSeconds() throws Exception {
        Line line = downloadingFromA(0);
        holdsAllAndUnchokes(line);
        List<Integer> asked = line.requests();
        deliver(new ManagerEvent.BookArrived(line.peer, book(asked.getFirst()), true));
        // Nothing more comes: this player's link went down.
        long silent = 0;
        while (line.open) {
            assertTrue(silent <= PlayerTuning.STALL_FLOOR_MILLIS + PlayerTuning.TICK_MILLIS, "not closed after " + silent + " ms");
            clock.advance(PlayerTuning.TICK_MILLIS);
            silent += PlayerTuning.TICK_MILLIS;
            deliver();
        }
        assertTrue(silent >= PlayerTuning.STALL_FLOOR_MILLIS, "closed after " + silent + " ms");
        assertTrue(line.closedBecause.getFirst().startsWith("stalled"), line.closedBecause.toString());
        PlayerEntry a = entry('a', 1);
        for (int failure = 0; failure < 6; failure++) {
            slots.dialled.clear();
            long waited = ticksUntilDialled();
            assertTrue(waited <= PlayerTuning.LONELY_RETRY_MILLIS, "a, which sent a book, redialled after " + waited + " ms");
            connectFailed(a);
        }
    }

    @Test
    void twoPlayersDiallingEachOtherAtOnceKeepBothLinks() throws Exception {
        leecher(0);
        PlayerEntry a = entry('a', 1);
        hub(a);
        // While our dial to a is under way, a's dial to us arrives and is accepted.
        Line fromA = inbound(1);
        handshake(fromA, 'a');
        assertEquals(0, reports.playersWanted, "a is listed: no need to ask the hub again");
        hub(a);
        assertEquals(1, slots.dialled.size(), "a listed again while dialled is not dialled twice");
        Line toA = opened(a);
        assertTrue(fromA.open && toA.open, "one link each way");
        assertTrue(fromA.sent.getFirst() instanceof Bitfield, "a is told what we hold on the link it opened");

        holdsAllAndUnchokes(toA);
        assertTrue(toA.sent.stream().anyMatch(m -> m instanceof Request), "we download from a on ours: " + toA.sent);
        assertSlotsMatchOpenLines();
    }

    @Test
    void aDownloaderTheHubHasNotListedMakesThePlayerAskTheHubAgain() throws Exception {
        leecher(0);
        Line stranger = inbound(9);
        handshake(stranger, 'z');
        assertEquals(1, reports.playersWanted);
    }

    // ---- bans ----

    @Test
    void aPlayerBannedForBadBooksIsRefusedByIdAndByAddress() throws Exception {
        Line line = downloadingFromA(0);
        sendBadBooks(line, PlayerTuning.MAX_BAD_BOOKS);
        assertFalse(line.open);
        assertTrue(line.closedBecause.getFirst().startsWith("banned"), line.closedBecause.toString());

        slots.dialled.clear();
        clock.advance(PlayerTuning.RECONNECT.cap().toMillis());
        // Its id at another address, and another id at its address.
        PlayerEntry listed = entry('a', 1);
        hub(new PlayerEntry(id('a'), "127.0.0.9", 7000, false), new PlayerEntry(id('n'), listed.ip(), listed.port(), false));
        clock.advance(PlayerTuning.TICK_MILLIS);
        deliver();
        assertEquals(List.of(), slots.dialled, "neither dialled");

        Line back = inbound(5);
        handshake(back, 'a');
        assertFalse(back.open, "its download link is refused at the handshake");
        assertSlotsMatchOpenLines();
    }

    @Test
    void badBooksBelowTheLimitAreCountedButDoNotBan() throws Exception {
        Line line = downloadingFromA(0);
        sendBadBooks(line, PlayerTuning.MAX_BAD_BOOKS - 1);
        assertTrue(line.open);
        assertEquals(PlayerTuning.MAX_BAD_BOOKS - 1, reports.progress.badBooks());
    }

    // ---- the hub's list ----

    @Test
    void unusableHubEntriesAreReportedOncePerChange() throws Exception {
        leecher(0);
        ListAppender<ILoggingEvent> log = listen();
        try {
            PlayerEntry bad = new PlayerEntry(id('b'), "not.an.address", 6881, false);
            PlayerEntry badPort = new PlayerEntry(id('c'), "127.0.0.2", 0, false);
            PlayerEntry self = new PlayerEntry(id('s'), "127.0.0.1", OUR_PORT, false);
            PlayerEntry good = entry('a', 1);
            hub(bad, badPort, self, good);
            assertEquals(List.of(id('a')), dialledIds(), "only the usable entry is dialled");
            assertEquals(1, unusableWarnings(log));
            assertTrue(log.list.getLast().getFormattedMessage().contains("3 unusable"), log.list.getLast().getFormattedMessage());

            hub(bad, badPort, self, good);
            hub(bad, badPort, self, good);
            assertEquals(1, unusableWarnings(log), "the same answer again is not reported again");

            hub(good);
            assertEquals(1, unusableWarnings(log), "an answer without any says nothing");
            hub(bad, good);
            assertEquals(2, unusableWarnings(log), "a change is reported");
        } finally {
            ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LOGS);
            logger.detachAppender(log);
            logger.setLevel(null);
        }
    }

    @Test
    void ourOwnIdInTheHubsListIsNotDialled() throws Exception {
        leecher(0);
        hub(new PlayerEntry(ownId, "127.0.0.7", 7000, false), entry('a', 1));
        assertEquals(List.of(id('a')), dialledIds());
    }

    // ---- writing and completing ----

    @Test
    void theTenthWriteFailureStopsThePlayerOnce() throws Exception {
        leecher(0);
        for (int i = 1; i < PlayerTuning.MAX_WRITE_FAILURES; i++) {
            deliver(new ManagerEvent.WriteFailed(0, new IOException("disk full")));
        }
        assertEquals(List.of(), reports.failed);
        deliver(new ManagerEvent.WriteFailed(0, new IOException("disk full")));
        assertEquals(1, reports.failed.size());
        assertTrue(reports.failed.getFirst().contains("disk full"), reports.failed.toString());
    }

    @Test
    void aFailedWriteAsksForTheBookAgain() throws Exception {
        Line line = aLeecherMissingTheLastBookUnchokedByA();
        assertEquals(List.of(BOOKS - 1), line.requests());
        // The book file, closed, takes the book without writing it; its failure comes as the file would report it.
        book.close();
        deliver(new ManagerEvent.BookArrived(line.peer, book(BOOKS - 1), true));
        deliver(new ManagerEvent.WriteFailed(BOOKS - 1, new IOException("disk full")));
        assertEquals(List.of(BOOKS - 1, BOOKS - 1), line.requests(), "asked again");
        assertEquals(0, reports.completed);
    }

    @Test
    void completionClosesTheDownloadLinksAndIsAnnouncedOnce() throws Exception {
        leecher(BOOKS - 1);
        PlayerEntry a = entry('a', 1);
        hub(a, entry('b', 2));
        Line toA = opened(a);
        Line toB = opened(entry('b', 2));
        Line fromC = inbound(3);
        handshake(fromC, 'c');
        holdsAllAndUnchokes(toA);
        assertEquals(List.of(BOOKS - 1), toA.requests(), "the one book missing");

        deliver(new ManagerEvent.BookArrived(toA.peer, book(BOOKS - 1), true));
        awaitWritten(1);
        assertEquals(1, reports.completed);
        for (Line download : List.of(toA, toB)) {
            assertFalse(download.open);
            assertTrue(download.sent.getLast() instanceof NotInterested, download.sent.toString());
            assertEquals(List.of("download complete"), download.closedBecause);
        }
        assertTrue(fromC.open, "uploading goes on");
        assertTrue(fromC.sent.contains(new Have(BOOKS - 1)), "its downloader is told of the new book");
        drain();
        assertSlotsMatchOpenLines();

        deliver(new ManagerEvent.Written(new int[] {BOOKS - 1}));
        assertEquals(1, reports.completed, "announced once");
        slots.dialled.clear();
        hub(entry('d', 4));
        clock.advance(PlayerTuning.TICK_MILLIS);
        deliver();
        assertEquals(List.of(), slots.dialled, "a complete player dials nobody");
        assertEquals(List.of(), reports.failed);
    }

    @Test
    void aBookThatFailsItsCheckIsNeverWritten() throws Exception {
        Line line = aLeecherMissingTheLastBookUnchokedByA();
        deliver(new ManagerEvent.BookArrived(line.peer, book(BOOKS - 1), false));
        clock.advance(PlayerTuning.TICK_MILLIS);
        deliver();
        // Had it been passed to the book file, its Written report would come within this wait.
        List<ManagerEvent> later = new ArrayList<>();
        inbox.takeAll(Duration.ofMillis(300).toNanos(), later);
        step(later);
        assertEquals(0, booksWritten, "nothing was written");
        assertEquals(0, reports.completed);
    }

    // ---- choking ----

    @Test
    void aSeederServesHalfItsInterestedDownloadersAtOnceMoreThanALeechersSlots() throws Exception {
        seeder();
        int slots = ChokingRounds.seedingSlots(MAX_UPLOADS, MAX_CONNECTIONS);
        assertTrue(slots > MAX_UPLOADS + 1 && slots < MAX_CONNECTIONS, "the case tells the rules apart: " + slots);
        List<Line> downloaders = new ArrayList<>();
        for (int i = 0; i < MAX_CONNECTIONS; i++) {
            downloaders.add(inbound(10 + i));
            handshake(downloaders.getLast(), (char) ('a' + i));
            deliver(new ManagerEvent.Message(downloaders.getLast().peer, new Interested()));
        }
        for (int round = 0; round < 4; round++) {
            clock.advance(CHOKE_INTERVAL.toMillis());
            deliver();
            assertEquals(slots, downloaders.stream().filter(Line::unchoked).count(),
                    "round " + round + ": half of " + MAX_CONNECTIONS + ", more than --max-uploads + 1 (" + (MAX_UPLOADS + 1) + ")");
        }
    }

    @Test
    void aLeecherUnchokesThoseItDownloadsFastestFrom() throws Exception {
        leecher(0);
        hub(entry('a', 1), entry('b', 2), entry('c', 3));
        Line toA = opened(entry('a', 1));
        Line toB = opened(entry('b', 2));
        Line toC = opened(entry('c', 3));
        List<Line> downloaders = new ArrayList<>();
        for (char who : new char[] {'a', 'b', 'c', 'd', 'e'}) {
            downloaders.add(inbound(20 + who));
            handshake(downloaders.getLast(), who);
        }
        // The first book arrives before anyone is interested: everybody is told of it.
        holdsAllAndUnchokes(toA);
        // a, the first to unchoke, is asked for all 8 books; b and c only once those requests
        // are late, in the endgame.
        clock.advance(PlayerTuning.ENDGAME_PATIENCE * PlayerTuning.BUSY_MILLIS + 1);
        holdsAllAndUnchokes(toB);
        holdsAllAndUnchokes(toC);
        // a and b send us books, c none.
        int fromA = toA.requests().getFirst();
        int fromB = toB.requests().stream().filter(index -> index != fromA).findFirst().orElseThrow();
        deliver(new ManagerEvent.BookArrived(toA.peer, book(fromA), true), new ManagerEvent.BookArrived(toB.peer, book(fromB), true));
        awaitWritten(2);
        for (Line downloader : downloaders) {
            deliver(new ManagerEvent.Message(downloader.peer, new Interested()));
        }
        // Two choking rounds, a and b keeping their links alive meanwhile (c, asked and silent, stalls).
        for (long t = 0; t < 2 * CHOKE_INTERVAL.toMillis(); t += PlayerTuning.TICK_MILLIS) {
            clock.advance(PlayerTuning.TICK_MILLIS);
            deliver(new ManagerEvent.Message(toA.peer, new Have(0)), new ManagerEvent.Message(toB.peer, new Have(0)));
        }
        assertTrue(downloaders.get(0).unchoked() && downloaders.get(1).unchoked(), "a and b, who sent books, are unchoked");
        long unchoked = downloaders.stream().filter(Line::unchoked).count();
        assertTrue(unchoked <= MAX_UPLOADS + 1, unchoked + " unchoked");
    }

    // ---- the inbox ----

    @Test
    void aReaderFasterThanTheManagerWaitsAndLosesNothing() throws Exception {
        Line line = downloadingFromA(0);
        int messages = 200;
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < messages; i++) {
                    line.peer.onMessage(null, new Have(i % BOOKS));
                    if (i % 5 == 0) {
                        line.peer.onReadPause(null);
                    }
                }
                line.peer.onMessage(null, new Unchoke());
                line.peer.onReadPause(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waitUntilBlocked(reader);
        assertTrue(reader.isAlive(), "the reader waits for room");
        int handled = 0;
        List<ManagerEvent> batch = new ArrayList<>();
        while (true) {
            boolean readerDone = !reader.isAlive();
            inbox.takeAll(readerDone ? 0 : 100_000_000L, batch);
            if (batch.isEmpty() && readerDone) {
                break;
            }
            long inBatch = batch.stream().filter(event -> event instanceof ManagerEvent.Message).count();
            assertTrue(inBatch <= INBOX_CAPACITY, "a batch bounded by the inbox: " + inBatch);
            handled += (int) inBatch;
            step(batch);
            batch.clear();
        }
        assertEquals(messages + 1, handled, "every message handled");
        assertTrue(line.sent.contains(new Interested()), line.sent.toString());
        assertFalse(line.requests().isEmpty(), "the last message, unchoke, was handled");
    }

    // ---- the rig ----

    /** A player holding the first {@code held} books (verified by the real book file's hashing). */
    private void leecher(int held) throws IOException {
        Path path = directory.resolve("stuff.bin");
        if (held > 0) {
            Files.write(path, Arrays.copyOf(stuff, held * BOOK_SIZE));
        }
        start(Book.open(path, directory, library, BookHasher.Progress.NONE), path);
    }

    private void seeder() throws IOException {
        Path path = directory.resolve("stuff.bin");
        Files.write(path, stuff);
        start(Book.openForSeeding(path, library, BookHasher.Progress.NONE), path);
    }

    private void start(Book opened, Path path) {
        book = opened;
        PlayerSettings settings = new PlayerSettings(ownId, library, directory, path, false, null, OUR_PORT, 0, false,
                MAX_UPLOADS, MAX_DOWNLOADS, MAX_CONNECTIONS, 4, 0, CHOKE_INTERVAL, null, null, false);
        manager = new PlayerConnectionManager(settings, book, slots, inbox, reports.progress, clock, new SplittableRandom(7), reports);
        book.start(manager);
        manager.begin();
    }

    /** Hands the manager {@code events} as one batch, then whatever that made the links post, until none is left. */
    private void deliver(ManagerEvent... events) throws InterruptedException {
        step(List.of(events));
        drain();
    }

    private void drain() throws InterruptedException {
        List<ManagerEvent> batch = new ArrayList<>();
        while (inbox.takeAll(0, batch) > 0) {
            step(batch);
            batch.clear();
        }
    }

    /** One turn of the manager's loop, counting the books the book file reported written. */
    private void step(List<ManagerEvent> batch) {
        for (ManagerEvent event : batch) {
            if (event instanceof ManagerEvent.Written written) {
                booksWritten += written.indices().length;
            }
        }
        assertTrue(manager.step(batch));
    }

    /** Waits until the book file has reported {@code count} books written in all, handing the manager every event meanwhile. */
    private void awaitWritten(int count) throws InterruptedException {
        List<ManagerEvent> batch = new ArrayList<>();
        while (booksWritten < count) {
            inbox.takeAll(Duration.ofSeconds(10).toNanos(), batch);
            assertFalse(batch.isEmpty(), "the book file reported " + booksWritten + " of " + count + " books written");
            step(batch);
            batch.clear();
        }
        drain();
    }

    private void hub(PlayerEntry... entries) throws InterruptedException {
        deliver(new ManagerEvent.HubPlayers(List.of(entries)));
    }

    /** The dial to {@code entry} succeeded: its link opens. */
    private Line opened(PlayerEntry entry) throws InterruptedException {
        assertTrue(slots.dialled.contains(entry), entry + " was dialled");
        assertTrue(slots.dialling.remove(entry.playerId()), entry + " is being dialled");
        Line line = new Line(Role.DOWNLOAD, new InetSocketAddress(address(entry.ip()), (int) entry.port()), entry.playerId());
        deliver(new ManagerEvent.Opened(line.peer));
        return line;
    }

    /** The dial to {@code entry} failed; as {@link Connections} does, its slot is given back first. */
    private void connectFailed(PlayerEntry entry) throws InterruptedException {
        assertTrue(slots.dialling.remove(entry.playerId()), entry + " is being dialled");
        slots.taken--;
        deliver(new ManagerEvent.ConnectFailed(entry, "Connection refused"));
    }

    /** Another player connected to download from this one, from 127.0.0.{@code host}. */
    private Line inbound(int host) throws InterruptedException {
        assertTrue(slots.taken < MAX_CONNECTIONS, "a slot for the inbound link");
        slots.taken++;
        Line line = new Line(Role.UPLOAD, new InetSocketAddress(address("127.0.0." + host), 50_000 + host), null);
        deliver(new ManagerEvent.Opened(line.peer));
        return line;
    }

    private void handshake(Line line, char who) throws InterruptedException {
        deliver(new ManagerEvent.Message(line.peer, new Handshake(id(who), library.infoHash())));
    }

    /** A player missing the last book, downloading from a, which holds every book and lets it ask. */
    private Line aLeecherMissingTheLastBookUnchokedByA() throws IOException, InterruptedException {
        Line line = downloadingFromA(BOOKS - 1);
        holdsAllAndUnchokes(line);
        return line;
    }

    /** A player holding the first {@code held} books with a download link to a, the one player the hub listed. */
    private Line downloadingFromA(int held) throws IOException, InterruptedException {
        leecher(held);
        hub(entry('a', 1));
        return opened(entry('a', 1));
    }

    /** The uploader on {@code line} says it holds every book and lets this player ask. */
    private void holdsAllAndUnchokes(Line line) throws InterruptedException {
        deliver(new ManagerEvent.Message(line.peer, Bitfield.of(all(), BOOKS)), new ManagerEvent.Message(line.peer, new Unchoke()));
    }

    /** Unchokes this player on {@code line} and answers {@code count} of its requests with books that fail their check. */
    private void sendBadBooks(Line line, int count) throws InterruptedException {
        holdsAllAndUnchokes(line);
        List<Integer> asked = line.requests();
        assertTrue(asked.size() >= count, "asked " + asked);
        for (int i = 0; i < count; i++) {
            deliver(new ManagerEvent.BookArrived(line.peer, book(asked.get(i)), false));
        }
    }

    /** Advances the clock a tick at a time until the manager dials; returns how long that took. */
    private long ticksUntilDialled() throws InterruptedException {
        long waited = 0;
        while (slots.dialled.isEmpty()) {
            assertTrue(waited <= PlayerTuning.RECONNECT.cap().toMillis(), "never redialled");
            clock.advance(PlayerTuning.TICK_MILLIS);
            waited += PlayerTuning.TICK_MILLIS;
            deliver();
        }
        return waited;
    }

    private List<PlayerId> dialledIds() {
        return slots.dialled.stream().map(PlayerEntry::playerId).toList();
    }

    private void assertSlotsMatchOpenLines() {
        long open = lines.stream().filter(line -> line.open).count();
        assertEquals(open + slots.dialling.size(), slots.taken, "slots taken: open links and dials under way");
    }

    private static int openCount(Line... of) {
        return (int) Arrays.stream(of).filter(line -> line.open).count();
    }

    private BookData book(int index) {
        return new BookData(index, ByteBuffer.wrap(stuff, (int) library.bookOffset(index), library.bookLength(index)));
    }

    private static BitSet all() {
        return firstBooks(BOOKS);
    }

    private static void waitUntilBlocked(Thread thread) throws InterruptedException {
        while (thread.isAlive() && thread.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
    }

    private static ListAppender<ILoggingEvent> listen() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LOGS);
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        return appender;
    }

    private static long unusableWarnings(ListAppender<ILoggingEvent> log) {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("unusable")).count();
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A link as the manager sees it: what is sent on it and why it closed; closing it reports Closed as a real link does. */
    private final class Line implements SimulatedLinks.Wire {
        final Peer peer;
        final List<PeerMessage> sent = new ArrayList<>();
        final List<String> closedBecause = new ArrayList<>();
        boolean open = true;

        /** {@code id}: the player dialled, on a download link; null on an upload link, until its handshake. */
        Line(Role role, InetSocketAddress address, PlayerId id) {
            this.peer = SimulatedLinks.peer(role, address, library, inbox, clock.millis(), id, this);
            lines.add(this);
        }

        void closeFromTheOtherSide() {
            close(netd.common.link.Link.PEER_CLOSED);
        }

        List<Integer> requests() {
            return sent.stream().filter(m -> m instanceof Request).map(m -> ((Request) m).index()).toList();
        }

        /** Whether the last choke message sent was an unchoke. */
        boolean unchoked() {
            for (PeerMessage message : sent.reversed()) {
                if (message instanceof Unchoke) {
                    return true;
                }
                if (message instanceof Choke) {
                    return false;
                }
            }
            return false;
        }

        @Override
        public void send(PeerMessage message) {
            assertTrue(open, "sent " + message + " on a closed link");
            sent.add(message);
        }

        @Override
        public void sendBook(int index, ByteBuffer body) {
            assertTrue(open, "sent a book on a closed link");
        }

        @Override
        public void close(String reason) {
            if (open) {
                open = false;
                closedBecause.add(reason);
                SimulatedLinks.closed(peer, reason);
            }
        }

        @Override
        public boolean isOpen() {
            return open;
        }
    }

    /** Slots as {@link Connections} keeps them, and the dials asked of it. */
    private static final class Slots implements LinkMaker {
        /** Every dial asked for (a test may clear it). */
        final List<PlayerEntry> dialled = new ArrayList<>();
        /** Dials neither opened nor failed yet. */
        final Set<PlayerId> dialling = new HashSet<>();
        int taken;
        boolean closed;

        @Override
        public boolean connect(PlayerEntry player, InetSocketAddress address) {
            if (taken >= MAX_CONNECTIONS) {
                return false;
            }
            taken++;
            dialled.add(player);
            assertTrue(dialling.add(player.playerId()), "dialled " + player.playerId() + " while a dial to it is under way");
            return true;
        }

        @Override
        public int freeSlots() {
            return MAX_CONNECTIONS - taken;
        }

        @Override
        public void released() {
            taken--;
        }

        @Override
        public int port() {
            return OUR_PORT;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** What the manager tells the rest of the player. */
    private final class Reports implements PlayerConnectionManager.Listener {
        final Progress progress = new Progress(stuff.length, BOOKS);
        final List<HostPort> unreachable = new ArrayList<>();
        final List<String> failed = new ArrayList<>();
        int completed;
        int noLongerNeeded;
        int playersWanted;

        @Override
        public void completed() {
            completed++;
        }

        @Override
        public void noLongerNeeded() {
            noLongerNeeded++;
        }

        @Override
        public void failed(String reason) {
            failed.add(reason);
        }

        @Override
        public void unreachable(HostPort player) {
            unreachable.add(player);
        }

        @Override
        public void playersWanted() {
            playersWanted++;
        }
    }

    /** A clock that moves only when the test says so. */
    private static final class StepClock implements InstantSource {
        private long millis = 1_000_000;

        void advance(long by) {
            millis += by;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }
}
