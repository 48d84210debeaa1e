package netd.player.core;

import netd.common.id.PlayerId;
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
import netd.player.PlayerTuning;
import netd.player.Progress;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static netd.player.core.TestPlayers.entry;
import static netd.player.core.TestPlayers.firstBooks;
import static netd.player.core.TestPlayers.id;

/**
 * The core alone: events in, actions out, the time passed in, links named by strings whose
 * state a {@link FakeLinks} tells. No manager, no thread, no socket, no clock.
 */
class PlayerCoreTest {
    private static final int BOOK_SIZE = 1024;
    private static final int BOOKS = 600;
    private static final int MAX_CONNECTIONS = 8;
    private static final int OUR_PORT = 40_000;

    private final byte[] stuff = TestStuff.bytes(BOOK_SIZE * BOOKS);
    private final Library library = TestStuff.library(stuff, BOOK_SIZE);
    private final FakeLinks links = new FakeLinks(MAX_CONNECTIONS);
    private long now = 1_000_000;
    private PlayerCore<String> core;

    @Test
    void aDownloaderIsToldWhatIsHeldAndALateComerMakesThePlayerAskTheHub() {
        start(half());
        inbound("d");
        List<CoreAction<String>> actions = handle(new CoreEvent.Received<>("d", new Handshake(id('d'), library.infoHash())));
        assertEquals(new CoreAction.Send<>("d", Bitfield.of(half(), BOOKS)), actions.getFirst());
        assertTrue(actions.contains(new CoreAction.PlayersWanted<>()), actions.toString());
    }

    @Test
    void theHubsListIsDialledWithinTheFreeSlotsAndNoFurther() {
        start(new BitSet());
        links.freeSlots = 2;
        List<CoreAction<String>> actions = handle(new CoreEvent.HubListed<>(List.of(entry('a', 1), entry('b', 2), entry('c', 3))));
        assertEquals(2, connects(actions).size(), actions.toString());

        links.freeSlots = 0;
        now += PlayerTuning.TICK_MILLIS;
        assertEquals(List.of(), connects(handle(new CoreEvent.TimePassed<>())), "no slot, no dial");
        links.freeSlots = 1;
        now += PlayerTuning.TICK_MILLIS;
        assertEquals(1, connects(handle(new CoreEvent.TimePassed<>())).size(), "the third, once a slot is free");
    }

    @Test
    void aDialWhoseSlotWasTakenMeanwhileIsDialledAgainWithoutABackoff() {
        start(new BitSet());
        PlayerEntry a = entry('a', 1);
        assertEquals(1, connects(handle(new CoreEvent.HubListed<>(List.of(a)))).size());
        assertEquals(List.of(), handle(new CoreEvent.DialRefused<>(a)), "nothing idle to close");
        now += PlayerTuning.TICK_MILLIS;
        assertEquals(List.of(a), connects(handle(new CoreEvent.TimePassed<>())));
    }

    @Test
    void onlyAVerifiedNewBookIsWrittenAndEachIsGivenBack() {
        start(new BitSet());
        downloadingFrom("a");
        List<Integer> asked = requests(handle(new CoreEvent.Received<>("a", new Unchoke())));
        assertFalse(asked.isEmpty());
        BookData bad = book(asked.get(0));
        assertEquals(List.of(new CoreAction.Discard<>(bad)), handle(new CoreEvent.BookArrived<>("a", bad, false)));
        BookData good = book(asked.get(1));
        assertEquals(new CoreAction.Write<>(good), handle(new CoreEvent.BookArrived<>("a", good, true)).getFirst());
        BookData unasked = book(BOOKS - 1);
        assertEquals(List.of(new CoreAction.Discard<>(unasked)), handle(new CoreEvent.BookArrived<>("a", unasked, true)));
    }

    @Test
    void aBookOnALinkWhereTheOtherDownloadsClosesIt() {
        start(new BitSet());
        inbound("d");
        BookData book = book(0);
        List<CoreAction<String>> actions = handle(new CoreEvent.BookArrived<>("d", book, true));
        assertEquals(List.of(new CoreAction.Close<>("d", "sent a book on a connection where it downloads"),
                new CoreAction.Discard<>(book)), actions);
    }

    @Test
    void aClosedLinksSlotIsFreedOnceHoweverOftenItsCloseIsReported() {
        start(new BitSet());
        inbound("d");
        links.open.remove("d");
        assertEquals(List.of(new CoreAction.FreeSlot<>()), handle(new CoreEvent.Closed<>("d", "gone")));
        assertEquals(List.of(), handle(new CoreEvent.Closed<>("d", "gone again")));
        assertEquals(List.of(), handle(new CoreEvent.Received<>("d", new Interested())), "a closed link is not heard");
    }

    @Test
    void requestsAreServedWhenTimePassesAndNoFurtherThanTheLinksBacklogAllows() {
        start(all());
        inbound("d");
        handle(new CoreEvent.Received<>("d", new Handshake(id('d'), library.infoHash())));
        assertTrue(handle(new CoreEvent.Received<>("d", new Interested())).contains(new CoreAction.Send<>("d", new Unchoke())));
        // A seeder's initial seeding offers a few books at a time: ask for every book, in range or not, and count what is served.
        for (int index = 0; index < BOOKS; index++) {
            handle(new CoreEvent.Received<>("d", new Request(index)));
        }
        links.queued.put("d", PlayerTuning.MAX_QUEUED_FOR_SERVING - 10);
        List<CoreAction<String>> served = handle(new CoreEvent.TimePassed<>());
        long books = served.stream().filter(action -> action instanceof CoreAction.SendBook<String>).count();
        long messages = served.stream().filter(action -> action instanceof CoreAction.Send<String>).count();
        assertTrue(books > 0, served.toString());
        assertTrue(books + messages <= 10, "the link had room for 10 more; the turn sent " + books + " books and "
                + messages + " messages");
        for (CoreAction<String> action : served) {
            if (action instanceof CoreAction.SendBook<String>(String link, int index)) {
                assertTrue(index >= 0 && index < BOOKS, "served book " + index);
            }
        }
        links.queued.put("d", PlayerTuning.MAX_QUEUED_FOR_SERVING);
        assertEquals(PlayerTuning.RECHECK_MILLIS, core.millisUntilDue(now), "a backed-up link is looked at again soon");
        assertEquals(List.of(), handle(new CoreEvent.TimePassed<>()), "a backed-up link is sent nothing");
    }

    @Test
    void whatATurnSentCountsOnlyUntilItIsCarriedOut() {
        start(all());
        inbound("d");
        handle(new CoreEvent.Received<>("d", new Handshake(id('d'), library.infoHash())));
        handle(new CoreEvent.Received<>("d", new Interested()));
        for (int index = 0; index < PlayerTuning.MAX_WAITING_REQUESTS; index++) {
            handle(new CoreEvent.Received<>("d", new Request(index)));
        }
        // The initial seeding follows each book with a have: the turn fills the link's room before every request is served.
        long books = handle(new CoreEvent.TimePassed<>()).stream().filter(action -> action instanceof CoreAction.SendBook<String>)
                .count();
        assertTrue(books > 0 && books < PlayerTuning.MAX_WAITING_REQUESTS, books + " books in one turn");
        // Carried out, the turn's sends are the link's own count: once its writer drained them, the rest is due at once.
        assertEquals(0, core.millisUntilDue(now), "requests wait for a link that has room");
    }

    @Test
    void theTimeUntilTheCoreIsDueIsTheNextTickWhenNothingWaits() {
        start(new BitSet());
        assertEquals(PlayerTuning.TICK_MILLIS, core.millisUntilDue(now));
        assertEquals(PlayerTuning.TICK_MILLIS - 300, core.millisUntilDue(now + 300));
    }

    @Test
    void stopClosesEveryLinkAndStopsListening() {
        start(new BitSet());
        inbound("d");
        downloadingFrom("a");
        assertEquals(List.of(new CoreAction.StopListening<>(), new CoreAction.Close<>("d", "this player is stopping"),
                new CoreAction.Close<>("a", "this player is stopping")), handle(new CoreEvent.Stop<>()));
    }

    @Test
    void aFailedDialIsReportedUnreachable() {
        start(new BitSet());
        PlayerEntry a = entry('a', 1);
        handle(new CoreEvent.HubListed<>(List.of(a)));
        assertTrue(handle(new CoreEvent.DialFailed<>(a, "refused"))
                .contains(new CoreAction.Unreachable<>(new HostPort(a.ip(), (int) a.port()))));
    }

    @Test
    void aDownloaderWhoseListedAddressRefusesOurDialLosesItsUnearnedSlotAndGetsNoFreeOneUntilADialOpens() {
        start(new BitSet());
        downloadingFrom("u");
        int asked = requests(handle(new CoreEvent.Received<>("u", new Unchoke()))).getFirst();
        handle(new CoreEvent.BookArrived<>("u", book(asked), true));
        handle(new CoreEvent.Written<>(new int[] {asked}));
        // An uploader works, so a failed dial is not this player's own link's fault.
        inbound("d");
        handle(new CoreEvent.Received<>("d", new Handshake(id('d'), library.infoHash())));
        assertTrue(handle(new CoreEvent.Received<>("d", new Interested())).contains(new CoreAction.Send<>("d", new Unchoke())),
                "nothing known against it: a free slot");
        PlayerEntry d = entry('d', 4);
        assertEquals(List.of(d), connects(handle(new CoreEvent.HubListed<>(List.of(d)))), "dialled back");

        assertTrue(handle(new CoreEvent.DialFailed<>(d, "Connection refused")).contains(new CoreAction.Send<>("d", new Choke())));
        handle(new CoreEvent.Received<>("d", new NotInterested()));
        assertFalse(handle(new CoreEvent.Received<>("d", new Interested())).contains(new CoreAction.Send<>("d", new Unchoke())),
                "every slot is free, but it gives nothing back");
        handle(new CoreEvent.Received<>("d", new NotInterested()));

        now += PlayerTuning.RECONNECT.cap().toMillis();
        assertEquals(List.of(d), connects(handle(new CoreEvent.TimePassed<>())), "dialled again after its backoff");
        links.open.add("up-d");
        handle(new CoreEvent.Opened<>("up-d", Role.DOWNLOAD, new InetSocketAddress(d.ip(), (int) d.port()), d.playerId(), now));
        assertTrue(handle(new CoreEvent.Received<>("d", new Interested())).contains(new CoreAction.Send<>("d", new Unchoke())),
                "its address accepted this time: a free slot again");
    }

    @Test
    void whileEveryDownloadLinkIsTakenTheOneThatBroughtLeastIsGivenUpForAListedPlayerNotTriedYet() {
        start(new BitSet());
        List<PlayerEntry> dialled = connects(handle(new CoreEvent.HubListed<>(
                List.of(entry('a', 1), entry('b', 2), entry('c', 3), entry('d', 4)))));
        assertEquals(3, dialled.size(), "--max-downloads 3");
        List<String> opened = new ArrayList<>();
        for (PlayerEntry entry : dialled) {
            String link = String.valueOf((char) ('a' + entry.port() - 6001)); // entry(c, host) listens on 6000 + host
            downloadingFrom(link);
            opened.add(link);
        }
        String silent = opened.get(2);
        List<Integer> first = requests(handle(new CoreEvent.Received<>(opened.get(0), new Unchoke())));
        List<Integer> second = requests(handle(new CoreEvent.Received<>(opened.get(1), new Unchoke())));
        List<CoreAction<String>> actions = new ArrayList<>();
        for (int tick = 1; tick <= 2 * PlayerTuning.ROTATION_MILLIS / PlayerTuning.TICK_MILLIS; tick++) {
            // Each tick, the two that unchoked send a book; the third never lets this player ask.
            handle(new CoreEvent.BookArrived<>(opened.get(0), book(first.remove(0)), true));
            handle(new CoreEvent.BookArrived<>(opened.get(1), book(second.remove(0)), true));
            now += PlayerTuning.TICK_MILLIS;
            actions.addAll(handle(new CoreEvent.TimePassed<>()));
        }
        String notTried = "abcd".chars().mapToObj(c -> String.valueOf((char) c)).filter(l -> !opened.contains(l))
                .findFirst().orElseThrow();
        assertTrue(actions.contains(new CoreAction.Close<>(silent, "among the uploaders that gave least lately; trying another")),
                actions.toString());
        assertEquals(List.of(entry(notTried.charAt(0), notTried.charAt(0) - 'a' + 1)), connects(actions));
        assertEquals(1, actions.stream().filter(action -> action instanceof CoreAction.Close<String>).count(),
                "one link a period");
    }

    @Test
    void aLinkThatChokesThisPlayerIsGivenUpWithinASecondOfItsChokeOrTwoOfItsOpeningWhileOneThatUnchokesItIsKept() {
        start(new BitSet());
        // Listed: a crowd, more players to try than PlayerTuning.CROWD_WAITING_PER_LINK per download link.
        List<PlayerEntry> crowd = new ArrayList<>();
        for (int host = 1; host <= 3 + 1 + 3 * PlayerTuning.CROWD_WAITING_PER_LINK; host++) {
            crowd.add(entry((char) ('a' + host - 1), host));
        }
        List<PlayerEntry> dialled = connects(handle(new CoreEvent.HubListed<>(crowd)));
        assertEquals(3, dialled.size(), "--max-downloads 3");
        List<String> opened = new ArrayList<>();
        for (PlayerEntry entry : dialled) {
            String link = String.valueOf((char) ('a' + entry.port() - 6001));
            downloadingFrom(link);
            opened.add(link);
        }
        String ramping = opened.get(0);
        String neverUnchokes = opened.get(1);
        String chokesAgain = opened.get(2);
        handle(new CoreEvent.Received<>(ramping, new Unchoke())); // and brings nothing yet
        handle(new CoreEvent.Received<>(chokesAgain, new Unchoke()));

        now += PlayerTuning.TICK_MILLIS;
        assertEquals(List.of(), closedByRotation(handle(new CoreEvent.TimePassed<>())), "a second on: all may yet bring something");
        now += PlayerTuning.TICK_MILLIS / 2;
        handle(new CoreEvent.Received<>(chokesAgain, new Choke()));
        now += PlayerTuning.TICK_MILLIS / 2;
        List<CoreAction<String>> atTwo = handle(new CoreEvent.TimePassed<>());
        assertEquals(List.of(neverUnchokes), closedByRotation(atTwo), "choked since it opened, 2 s ago; the other choked 0.5 s");
        List<PlayerEntry> replacements = connects(atTwo);
        assertEquals(1, replacements.size(), "a listed player dialled in its place: " + atTwo);
        String replacement = String.valueOf((char) ('a' + replacements.get(0).port() - 6001));
        downloadingFrom(replacement);

        now += PlayerTuning.TICK_MILLIS;
        assertEquals(List.of(chokesAgain), closedByRotation(handle(new CoreEvent.TimePassed<>())),
                "choked 1.5 s after an unchoke; not the one that unchokes and has brought nothing yet, nor the new one");
    }

    @Test
    void aPlayerChokedOnEveryLinkGivesUpEachForAListedPlayerButTheOnlySourceOfABookThatUnchokesIt() {
        for (boolean onlySourceUnchokes : new boolean[] {false, true}) {
            start(new BitSet());
            List<PlayerEntry> dialled = connects(handle(new CoreEvent.HubListed<>(List.of(entry('a', 1), entry('b', 2),
                    entry('c', 3), entry('d', 4), entry('e', 5), entry('f', 6), entry('g', 7)))));
            assertEquals(3, dialled.size(), "--max-downloads 3");
            List<String> opened = new ArrayList<>();
            for (PlayerEntry entry : dialled) {
                opened.add(String.valueOf((char) ('a' + entry.port() - 6001)));
            }
            // The first holds every book, the others half: it alone holds the second half.
            downloadingFrom(opened.get(0), all());
            downloadingFrom(opened.get(1), half());
            downloadingFrom(opened.get(2), half());
            if (onlySourceUnchokes) {
                handle(new CoreEvent.Received<>(opened.get(0), new Unchoke())); // and then sends nothing
            }
            List<CoreAction<String>> actions = new ArrayList<>();
            for (int tick = 1; tick <= 2 * PlayerTuning.ROTATION_MILLIS / PlayerTuning.TICK_MILLIS; tick++) {
                now += PlayerTuning.TICK_MILLIS;
                actions.addAll(handle(new CoreEvent.TimePassed<>()));
            }
            List<String> closed = actions.stream().filter(action -> action instanceof CoreAction.Close<String>)
                    .map(action -> ((CoreAction.Close<String>) action).link()).toList();
            List<String> expected = onlySourceUnchokes ? opened.subList(1, 3) : opened;
            assertEquals(new HashSet<>(expected), new HashSet<>(closed), actions.toString());
            // As many dialled in their place; while no uploader works, one given up may be among them (Dialing).
            assertEquals(expected.size(), connects(actions).size(), "as many listed players dialled in their place");
        }
    }

    @Test
    void aPlayerThatCompletedGoesOnUploadingWhileADownloaderWantsItsBooksAndLingersNoLonger() {
        BitSet allButLast = firstBooks(BOOKS - 1);
        start(allButLast);
        inbound("d");
        handle(new CoreEvent.Received<>("d", new Handshake(id('d'), library.infoHash())));
        handle(new CoreEvent.Received<>("d", new Interested()));
        downloadingFrom("a");
        assertEquals(List.of(BOOKS - 1), requests(handle(new CoreEvent.Received<>("a", new Unchoke()))));
        handle(new CoreEvent.BookArrived<>("a", book(BOOKS - 1), true));
        assertTrue(handle(new CoreEvent.Written<>(new int[] {BOOKS - 1})).contains(new CoreAction.Completed<>()));

        assertFalse(handle(new CoreEvent.TimePassed<>()).contains(new CoreAction.NoLongerNeeded<>()), "d still wants books");
        handle(new CoreEvent.Received<>("d", new NotInterested()));
        assertTrue(handle(new CoreEvent.TimePassed<>()).contains(new CoreAction.NoLongerNeeded<>()), "d has what it wanted");
        now += PlayerTuning.LINGER_MILLIS;
        assertFalse(handle(new CoreEvent.TimePassed<>()).contains(new CoreAction.NoLongerNeeded<>()), "said once");
    }

    @Test
    void aPlayerThatCompletedLingersNoLongerThanItsLimitWhileWanted() {
        start(firstBooks(BOOKS - 1));
        inbound("d");
        handle(new CoreEvent.Received<>("d", new Handshake(id('d'), library.infoHash())));
        handle(new CoreEvent.Received<>("d", new Interested()));
        downloadingFrom("a");
        handle(new CoreEvent.Received<>("a", new Unchoke()));
        handle(new CoreEvent.BookArrived<>("a", book(BOOKS - 1), true));
        handle(new CoreEvent.Written<>(new int[] {BOOKS - 1}));
        now += PlayerTuning.LINGER_MILLIS - 1;
        assertFalse(handle(new CoreEvent.TimePassed<>()).contains(new CoreAction.NoLongerNeeded<>()));
        now += 1;
        assertTrue(handle(new CoreEvent.TimePassed<>()).contains(new CoreAction.NoLongerNeeded<>()), "wanted, but long enough");
    }

    // ---- the rig ----

    private void start(BitSet held) {
        PlayerSettings settings = new PlayerSettings(id('o'), library, Path.of("unused"), Path.of("unused"), false, null,
                OUR_PORT, 0, false, 2, 3, MAX_CONNECTIONS, 4, 0, Duration.ofSeconds(10), null, null, false);
        core = new PlayerCore<>(settings, held, OUR_PORT, new Progress(stuff.length, BOOKS), new SplittableRandom(5), links, now);
        handle(new CoreEvent.Started<>());
    }

    private List<CoreAction<String>> handle(CoreEvent<String> event) {
        List<CoreAction<String>> actions = new ArrayList<>(core.handle(event, now));
        for (CoreAction<String> action : actions) {
            if (action instanceof CoreAction.Close<String>(String link, String reason)) {
                links.open.remove(link);
            }
        }
        return actions;
    }

    private void inbound(String link) {
        links.open.add(link);
        handle(new CoreEvent.Opened<>(link, Role.UPLOAD, new InetSocketAddress("127.0.0.9", 50_000 + link.charAt(0)),
                null, now));
    }

    /** A download link to {@code link}, which holds every book. */
    private void downloadingFrom(String link) {
        downloadingFrom(link, all());
    }

    /** A download link to {@code link}, which holds {@code books}. */
    private void downloadingFrom(String link, BitSet books) {
        links.open.add(link);
        handle(new CoreEvent.Opened<>(link, Role.DOWNLOAD, new InetSocketAddress("127.0.0.1", 6000 + link.charAt(0)),
                id(link.charAt(0)), now));
        handle(new CoreEvent.Received<>(link, Bitfield.of(books, BOOKS)));
    }

    /** The links that {@code actions} close as peer rotation does. */
    private static List<String> closedByRotation(List<CoreAction<String>> actions) {
        return actions.stream().filter(action -> action instanceof CoreAction.Close<String> close
                && close.reason().equals("among the uploaders that gave least lately; trying another"))
                .map(action -> ((CoreAction.Close<String>) action).link()).toList();
    }

    private static List<PlayerEntry> connects(List<CoreAction<String>> actions) {
        return actions.stream().filter(action -> action instanceof CoreAction.Connect<String>)
                .map(action -> ((CoreAction.Connect<String>) action).player()).toList();
    }

    private static List<Integer> requests(List<CoreAction<String>> actions) {
        List<Integer> asked = new ArrayList<>();
        for (CoreAction<String> action : actions) {
            if (action instanceof CoreAction.Send<String>(String link, PeerMessage message) && message instanceof Request request) {
                asked.add(request.index());
            }
        }
        return asked;
    }

    private BookData book(int index) {
        return new BookData(index, ByteBuffer.wrap(stuff, (int) library.bookOffset(index), library.bookLength(index)));
    }

    private static BitSet all() {
        return firstBooks(BOOKS);
    }

    private static BitSet half() {
        return firstBooks(BOOKS / 2);
    }
}
