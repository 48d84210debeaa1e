package netd.player.core;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.library.Library;
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
import netd.player.pick.BookPicker;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static netd.player.core.TestPlayers.id;

/**
 * The player's upload side over a whole inbound message sequence from several downloaders:
 * the very {@link PlayerCore} that {@code PlayerConnectionManager} runs, fed as the manager
 * feeds it (links opening and closing, handshakes right or wrong, from a player the core
 * banned too, interested, not interested, requests in and out of range, anything else a
 * stranger may send, choking rounds, books arriving from an uploader and being written,
 * backed-up links, time passing, each event followed by the time, when the core serves), with
 * what it answers carried out on each {@link Link}. Its upload side, {@link Uploading}, is what
 * these checks look into.
 *
 * <p>Checked at every book served: the downloader's link is open and its handshake accepted,
 * it is unchoked (and was told so), the book is held, and it is exactly the next request the
 * downloader made since its last choke that passed every bound (in range, unchoked, held, at
 * most {@link PlayerTuning#MAX_WAITING_REQUESTS} waiting), served only while its link is not
 * backed up past {@link PlayerTuning#MAX_QUEUED_FOR_SERVING} messages or
 * {@link PlayerTuning#MAX_UNWRITTEN_BOOK_BYTES} bytes of books (counting what the core sent
 * on it in the same turn), and without an upload limit served as soon as its link has room.
 * Checked after every step: only a handshake with our info hash, another id and not banned is
 * accepted, its bitfield goes out first, and the bitfield and haves since tell each accepted
 * downloader exactly the held books (an initial seeder: only held books); nothing goes to a downloader before its handshake;
 * anything but a handshake first, a second handshake or a request out of range closes the
 * link; the choke state sent matches the state kept; at most maxUploads + 1 downloaders are
 * unchoked; an interested one is unchoked when a slot is free; a closed link gets nothing more.
 */
class UploadingFuzzTest {
    private static final int MAX_BOOKS = 40;
    private static final int MAX_DOWNLOADERS = 5;
    private static final int BOOK_SIZE = 1000;
    private static final Duration CHOKE_INTERVAL = Duration.ofSeconds(10);

    static {
        // Refused connections, departures and bans are logged: at fuzzing speed that is all the fuzzer would do.
        QuietLogs.off(PlayerCore.class, Uploading.class, Downloading.class);
    }

    @FuzzTest
    void inboundSequence(FuzzedDataProvider data) {
        new Swarm(data).run();
    }

    /** One player uploading to a few downloaders, as its connection manager sees them. */
    private static final class Swarm implements LinkGauge<Link> {
        private final FuzzedDataProvider data;
        private final int books;
        private final Library library;
        private final PlayerId ownId = id('o');
        private final PlayerId bannedId = id('b');
        private final BookPicker picker;
        private final int maxUploads;
        private final PlayerCore<Link> core;
        /** Whether --max-upload-rate is set: then a request may wait for the limit too. */
        private final boolean limited;
        private final Link[] links = new Link[MAX_DOWNLOADERS];
        /** The uploader the books this player lacks come from, while it downloads. */
        private Link source;
        /** Whether the core banned {@link #bannedId} (it sent bad books at start). */
        private boolean banned;
        /** Links the core closed, whose Closed report is still to come. */
        private final ArrayDeque<Link> closing = new ArrayDeque<>();
        private long now = 1_000_000;
        private int linksMade;
        /** It started with every book: its initial seeding tells each downloader of a few books at a time. */
        private final boolean initialSeeder;

        Swarm(FuzzedDataProvider data) {
            this.data = data;
            this.books = data.consumeInt(1, MAX_BOOKS);
            int lastBook = data.consumeInt(1, BOOK_SIZE);
            byte[] hashes = new byte[books * Library.HASH_LENGTH];
            this.library = new Library(new HostPort("127.0.0.1", 6969), "stuff", (long) (books - 1) * BOOK_SIZE + lastBook,
                    BOOK_SIZE, hashes, null, null, infoHash((byte) 1));
            BitSet held = new BitSet();
            for (int i = 0; i < books; i++) {
                if (data.consumeInt(0, 2) == 0) {
                    held.set(i);
                }
            }
            this.maxUploads = data.consumeInt(1, 4);
            // A rate of a few bytes a second up to many books a millisecond; or none.
            long rate = data.consumeBoolean() ? 0 : data.consumeLong(1, 10_000_000);
            this.limited = rate > 0;
            PlayerSettings settings = new PlayerSettings(ownId, library, Path.of("unused"), Path.of("unused"), false, null,
                    40_000, 0, false, maxUploads, 2, 4 * MAX_DOWNLOADERS, 4, rate, CHOKE_INTERVAL, null, null, false);
            this.core = new PlayerCore<>(settings, held, 40_000, new Progress(library.length(), books),
                    new SplittableRandom(data.consumeLong()), this, now);
            this.picker = core.picker();
            this.initialSeeder = picker.isComplete();
            handle(new CoreEvent.Started<>());
            if (data.consumeBoolean()) {
                banLiar();
            }
            source = download(id('s'), "127.0.0.200");
        }

        void run() {
            while (data.remainingBytes() > 0) {
                int slot = data.consumeInt(0, MAX_DOWNLOADERS - 1);
                Link link = links[slot];
                int step = data.consumeInt(0, 10);
                if (link == null) {
                    link = new Link(this, Role.UPLOAD, now);
                    links[slot] = link;
                    handle(new CoreEvent.Opened<>(link, Role.UPLOAD, new InetSocketAddress("127.0.0.9", 50_000 + linksMade++),
                            null, now));
                    link.downloader = core.remote(link).downloader;
                } else if (link.closes > 0) {
                    // The core closed it: what it still sends is dropped; its Closed report came.
                    links[slot] = null;
                } else {
                    switch (step) {
                        case 0 -> handshake(link);
                        case 1 -> interested(link);
                        case 2 -> notInterested(link);
                        case 3, 4 -> request(link, data.consumeBoolean() ? data.consumeInt(0, books + 1)
                                : data.consumeInt() & Integer.MAX_VALUE);
                        case 5 -> other(link);
                        case 6 -> timePasses(CHOKE_INTERVAL.toMillis());
                        case 7 -> {
                            // The link's Closed event: whatever it sent before is handled; it is gone.
                            link.gone = true;
                            handle(new CoreEvent.Closed<>(link, "closed"));
                            links[slot] = null;
                        }
                        case 8 -> timePasses(data.consumeLong(PlayerTuning.TICK_MILLIS, 30_000));
                        case 9 -> written();
                        default -> {
                            link.queued = data.consumeBoolean() ? data.consumeInt(0, PlayerTuning.MAX_QUEUED_FOR_SERVING + 1) : 0;
                            link.unwrittenBookBytes = data.consumeBoolean()
                                    ? data.consumeLong(0, PlayerTuning.MAX_UNWRITTEN_BOOK_BYTES + 1) : 0;
                        }
                    }
                }
                serveWaiting();
                checkState();
            }
        }

        /** Hands the core {@code event} and carries out its answer, as the manager does; then the closes it asked for come back. */
        private void handle(CoreEvent<Link> event) {
            for (Link link : links) {
                if (link != null) {
                    link.turnBegins();
                }
            }
            for (CoreAction<Link> action : core.handle(event, now)) {
                switch (action) {
                    case CoreAction.Send<Link>(Link link, PeerMessage message) -> link.send(message);
                    case CoreAction.SendBook<Link>(Link link, int index) -> served(link, index);
                    case CoreAction.Close<Link>(Link link, String reason) -> {
                        link.close(reason);
                        if (link.identity != null && link.identity.equals(bannedId) && reason.startsWith("banned")) {
                            banned = true;
                        }
                        closing.add(link);
                    }
                    case CoreAction.Write<Link>(BookData book) -> source.writing.add(book.index());
                    case CoreAction.Connect<Link> connect -> fail("dialled with no hub list");
                    default -> {
                        // Discard, FreeSlot, SpaceMessages, Completed, PlayersWanted: nothing the upload side checks.
                    }
                }
            }
            while (!closing.isEmpty()) {
                Link closed = closing.poll();
                closed.gone = true;
                handle(new CoreEvent.Closed<>(closed, "closed"));
            }
        }

        /** A download link to {@code id}, which holds every book and lets this player ask. */
        private Link download(PlayerId id, String ip) {
            Link link = new Link(this, Role.DOWNLOAD, now);
            link.identity = id;
            handle(new CoreEvent.Opened<>(link, Role.DOWNLOAD, new InetSocketAddress(ip, 6881), id, now));
            BitSet all = new BitSet();
            all.set(0, books);
            handle(new CoreEvent.Received<>(link, Bitfield.of(all, books)));
            handle(new CoreEvent.Received<>(link, new Unchoke()));
            return link;
        }

        /** A player that answers this one's requests with books that fail their check, until it is banned. */
        private void banLiar() {
            Link liar = download(bannedId, "127.0.0.201");
            while (!liar.gone && !liar.asked.isEmpty()) {
                handle(new CoreEvent.BookArrived<>(liar, new BookData(liar.asked.poll(), new byte[1]), false));
            }
            if (!liar.gone) {
                handle(new CoreEvent.Closed<>(liar, "closed"));
            }
        }

        /** A book this player asked of its source arrives verified and is written: as the manager, haves follow. */
        private void written() {
            if (source.gone || source.asked.isEmpty()) {
                return;
            }
            int index = source.asked.poll();
            handle(new CoreEvent.BookArrived<>(source, new BookData(index, new byte[library.bookLength(index)]), true));
            if (source.writing.remove((Integer) index)) {
                handle(new CoreEvent.Written<>(new int[] {index}));
            }
        }

        private void handshake(Link link) {
            PlayerId who = switch (data.consumeInt(0, 3)) {
                case 0 -> ownId;
                case 1 -> bannedId;
                default -> id((char) ('c' + data.consumeInt(0, 5)));
            };
            InfoHash hash = data.consumeInt(0, 7) == 0 ? infoHash((byte) 2) : library.infoHash();
            boolean before = link.downloader.handshakeDone;
            int closes = link.closes;
            handle(new CoreEvent.Received<>(link, new Handshake(who, hash)));
            if (before) {
                assertEquals(closes + 1, link.closes, "a second handshake did not close the link");
                return;
            }
            boolean acceptable = hash.equals(library.infoHash()) && !who.equals(ownId) && !(banned && who.equals(bannedId));
            assertEquals(acceptable, link.downloader.handshakeDone, "handshake from " + who + " for " + hash + " accepted");
            if (acceptable) {
                assertEquals(who, link.id, "the downloader's id");
                assertNotNull(link.told, "no bitfield after the handshake");
            } else {
                assertEquals(closes + 1, link.closes, "a refused handshake did not close the link");
            }
        }

        /** Anything but a handshake before the handshake closes the link. */
        private boolean refusedBeforeHandshake(Link link, PeerMessage message) {
            if (link.downloader.handshakeDone) {
                return false;
            }
            int closes = link.closes;
            handle(new CoreEvent.Received<>(link, message));
            assertEquals(closes + 1, link.closes, message + " before the handshake did not close the link");
            return true;
        }

        private void interested(Link link) {
            if (refusedBeforeHandshake(link, new Interested())) {
                return;
            }
            boolean slotFree = unchokedCount() < maxUploads + 1;
            handle(new CoreEvent.Received<>(link, new Interested()));
            assertTrue(link.downloader.interestedInUs);
            if (slotFree) {
                assertTrue(link.downloader.weUnchoke, "interested with a slot free, and still choked");
            }
        }

        private void notInterested(Link link) {
            if (refusedBeforeHandshake(link, new NotInterested())) {
                return;
            }
            boolean wasUnchoked = link.downloader.weUnchoke;
            boolean othersWait = false;
            for (Link other : links) {
                othersWait |= other != null && other != link && other.closes == 0 && other.downloader.handshakeDone
                        && other.downloader.interestedInUs && !other.downloader.weUnchoke;
            }
            int unchokedBefore = unchokedCount();
            handle(new CoreEvent.Received<>(link, new NotInterested()));
            assertFalse(link.downloader.interestedInUs);
            assertFalse(link.downloader.weUnchoke, "not interested and still unchoked");
            if (wasUnchoked && othersWait && unchokedBefore - 1 < maxUploads + 1) {
                assertEquals(unchokedBefore, unchokedCount(), "a slot came free and no waiting downloader got it");
            }
        }

        private void request(Link link, int index) {
            if (refusedBeforeHandshake(link, new Request(index))) {
                return;
            }
            int closes = link.closes;
            // What the code promises to serve (PROTOCOL.md §4: not while choked, nor a book not held),
            // within its bounds; anything else gets no book. Expected before the core hears it: the
            // time that follows may serve it at once.
            boolean promised = index < books && link.saidUnchoked && picker.isHeld(index)
                    && link.expected.size() < PlayerTuning.MAX_WAITING_REQUESTS;
            if (promised) {
                link.expected.add(index);
            }
            handle(new CoreEvent.Received<>(link, new Request(index)));
            if (index >= books) {
                assertEquals(closes + 1, link.closes, "a request for book " + index + " of " + books + " did not close the link");
            }
        }

        /** Messages a downloader has no business sending: ignored once its handshake is in. */
        private void other(Link link) {
            PeerMessage message = switch (data.consumeInt(0, 4)) {
                case 0 -> new Choke();
                case 1 -> new Unchoke();
                case 2 -> new Have(data.consumeInt() & Integer.MAX_VALUE);
                case 3 -> new Bitfield(data.consumeBytes(Bitfield.byteCount(books) + 1));
                default -> new BookData(data.consumeInt(0, books), data.consumeBytes(16));
            };
            if (message instanceof BookData book) {
                // A book on a link where the other downloads closes it (the core's rule for books, not the upload side's).
                int closes = link.closes;
                handle(new CoreEvent.BookArrived<>(link, book, false));
                assertEquals(closes + 1, link.closes, "a book from a downloader did not close the link");
                return;
            }
            if (refusedBeforeHandshake(link, message)) {
                return;
            }
            int closes = link.closes;
            boolean unchoked = link.downloader.weUnchoke;
            handle(new CoreEvent.Received<>(link, message));
            assertEquals(closes, link.closes, message + " closed the link");
            assertEquals(unchoked, link.downloader.weUnchoke, message + " changed the choke state");
        }

        /** The manager's tick: a downloader silent past the handshake timeout is closed, no other; the choking round when due. */
        private void timePasses(long millis) {
            now += millis;
            int[] closes = new int[MAX_DOWNLOADERS];
            for (int i = 0; i < MAX_DOWNLOADERS; i++) {
                closes[i] = links[i] == null ? 0 : links[i].closes;
            }
            handle(new CoreEvent.TimePassed<>());
            for (int i = 0; i < MAX_DOWNLOADERS; i++) {
                Link link = links[i];
                if (link != null && closes[i] == 0) {
                    boolean late = !link.downloader.handshakeDone && now - link.openedAt > PlayerTuning.HANDSHAKE_TIMEOUT_MILLIS;
                    assertEquals(late ? 1 : 0, link.closes, "handshake timeout of " + link);
                }
            }
        }

        /** The time after every event, as the manager's loop: what is due is served. */
        private void serveWaiting() {
            handle(new CoreEvent.TimePassed<>());
            // A request waits only for its link to drain, or for the upload limit: never for nothing.
            for (Link link : links) {
                if (link != null && link.closes == 0 && !limited && link.hasRoom()) {
                    assertTrue(link.expected.isEmpty(), "requests left waiting on a link with room: " + link.expected);
                }
            }
        }

        private void served(Link link, int index) {
            assertEquals(Role.UPLOAD, link.role, "served book " + index + " on a download link");
            assertFalse(link.gone || link.closes > 0, "served book " + index + " on a closed link");
            assertTrue(link.downloader.handshakeDone, "served book " + index + " before the handshake");
            assertTrue(link.downloader.weUnchoke && link.saidUnchoked, "served book " + index + " to a choked downloader");
            assertTrue(index >= 0 && index < books && picker.isHeld(index), "served book " + index + ", not held");
            assertTrue(link.hasRoom(), "served book " + index + " on a backed-up link");
            Integer expected = link.expected.poll();
            assertEquals(expected, index, "served book " + index + " out of turn, unasked or asked before a choke");
            link.sentInTurn++;
            link.bookBytesInTurn += library.bookLength(index);
        }

        private int unchokedCount() {
            int count = 0;
            for (Link link : links) {
                count += link != null && link.closes == 0 && link.downloader.weUnchoke ? 1 : 0;
            }
            return count;
        }

        private void checkState() {
            assertTrue(unchokedCount() <= maxUploads + 1, unchokedCount() + " downloaders unchoked");
            BitSet held = picker.heldBooks();
            for (Link link : links) {
                if (link == null || link.closes > 0) {
                    continue;
                }
                Downloader downloader = link.downloader;
                assertEquals(link.saidUnchoked, downloader.weUnchoke, "choke state sent");
                assertTrue(link.expected.size() <= PlayerTuning.MAX_WAITING_REQUESTS, "requests held for one downloader");
                if (!downloader.weUnchoke) {
                    assertTrue(link.expected.isEmpty(), "requests kept for a choked downloader");
                }
                if (downloader.handshakeDone && initialSeeder) {
                    BitSet unheld = (BitSet) link.told.clone();
                    unheld.andNot(held);
                    assertTrue(unheld.isEmpty(), "the downloader was told of books not held: " + unheld);
                } else if (downloader.handshakeDone) {
                    assertEquals(held, link.told, "books the downloader was told of");
                } else {
                    assertFalse(downloader.weUnchoke || downloader.interestedInUs, "state before the handshake");
                }
            }
        }

        @Override
        public boolean isOpen(Link link) {
            return link.closes == 0 && !link.gone;
        }

        @Override
        public int queued(Link link) {
            return link.queued;
        }

        @Override
        public long unwrittenBookBytes(Link link) {
            return link.unwrittenBookBytes;
        }

        @Override
        public int freeSlots() {
            return MAX_DOWNLOADERS;
        }
    }

    /** A link as the test sees it: what went out on it, what it asked that should be served. */
    private static final class Link {
        private final Swarm swarm;
        private final Role role;
        private final long openedAt;
        private Downloader downloader;
        /** Upload: the id its accepted handshake named, as the core learns it; download: the id dialled. */
        private PlayerId id;
        private PlayerId identity;
        /** The held books the bitfield and haves told of; null before the bitfield. */
        private BitSet told;
        private boolean saidUnchoked;
        /** The requests that must be served, in order, unless a choke drops them. */
        private final ArrayDeque<Integer> expected = new ArrayDeque<>();
        /** Download: the books this player asked of it and not yet answered; those it said to write. */
        private final ArrayDeque<Integer> asked = new ArrayDeque<>();
        private final List<Integer> writing = new ArrayList<>();
        /** Messages waiting in the link, as its writer is slow or its reader stalls. */
        private int queued;
        /** Bytes of books in the link not yet written to its socket, as its reader stalls. */
        private long unwrittenBookBytes;
        /** What the core sent on it in the turn under way: the link holds it until the turn is carried out. */
        private int sentInTurn;
        private long bookBytesInTurn;
        private int closes;
        /** Its Closed event was handled. */
        private boolean gone;

        Link(Swarm swarm, Role role, long openedAt) {
            this.swarm = swarm;
            this.role = role;
            this.openedAt = openedAt;
        }

        void turnBegins() {
            sentInTurn = 0;
            bookBytesInTurn = 0;
        }

        /** Whether the link is not backed up, in messages or in bytes of books. */
        boolean hasRoom() {
            return queued + sentInTurn < PlayerTuning.MAX_QUEUED_FOR_SERVING
                    && unwrittenBookBytes + bookBytesInTurn < PlayerTuning.MAX_UNWRITTEN_BOOK_BYTES;
        }

        void send(PeerMessage message) {
            assertFalse(gone || closes > 0, "sent " + message + " on a closed link");
            sentInTurn++;
            if (role == Role.DOWNLOAD) {
                if (message instanceof Request request) {
                    asked.add(request.index());
                }
                return;
            }
            if (id == null) {
                // The first message after an accepted handshake: the core knows who it is now.
                id = swarm.core.remote(this).playerId;
            }
            assertNotNull(id, "sent " + message + " before the handshake was accepted");
            switch (message) {
                case Bitfield bitfield -> {
                    assertTrue(told == null, "a second bitfield");
                    assertEquals(Bitfield.byteCount(swarm.books), bitfield.bits().length, "bitfield length");
                    told = bitfield.toBooks(swarm.books);
                }
                case Have have -> {
                    assertNotNull(told, "a have before the bitfield");
                    assertFalse(told.get(have.index()), "a second have for book " + have.index());
                    told.set(have.index());
                }
                case Unchoke unchoke -> {
                    assertFalse(saidUnchoked, "unchoked twice");
                    saidUnchoked = true;
                }
                case Choke choke -> {
                    assertTrue(saidUnchoked, "choked twice");
                    saidUnchoked = false;
                    // Requests pending at a choke are not answered (PROTOCOL.md §4).
                    expected.clear();
                }
                default -> fail("the upload side sent " + message);
            }
        }

        void close(String reason) {
            assertFalse(gone, "a closed link was used");
            closes++;
        }

        @Override
        public String toString() {
            return role + " " + id + " opened at " + openedAt;
        }
    }

    private static InfoHash infoHash(byte b) {
        byte[] bytes = new byte[20];
        Arrays.fill(bytes, b);
        return InfoHash.of(bytes);
    }
}
