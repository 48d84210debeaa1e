package netd.player.peer;

import netd.player.PlayerTuning;
import ch.qos.logback.classic.Level;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.Bitfield;
import netd.common.wire.PeerMessage.Choke;
import netd.common.wire.PeerMessage.Handshake;
import netd.common.wire.PeerMessage.Have;
import netd.common.wire.PeerMessage.Interested;
import netd.common.wire.PeerMessage.NotInterested;
import netd.common.wire.PeerMessage.Request;
import netd.common.wire.PeerMessage.Unchoke;
import netd.player.pick.BookPicker;
import netd.player.upload.ServeQueue;
import netd.player.upload.TokenBucket;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The player's upload side over a whole inbound message sequence from several downloaders:
 * the very {@link Uploading} that {@code PlayerConnectionManager} runs, driven as the manager
 * drives it (links opening and closing, handshakes right or wrong, interested, not interested,
 * requests in and out of range, anything else a stranger may send, choke rounds whose choice
 * the test makes, books becoming held, backed-up links, time passing, and
 * after every step the serving of whatever {@link Uploading#nextServe} gives), with what it
 * sends recorded by each link's {@link Downloader.Wire}.
 *
 * <p>Checked at every book served: the downloader's link is open and its handshake accepted,
 * it is unchoked (and was told so), the book is held, and it is exactly the next request the
 * downloader made since its last choke that passed every bound (in range, unchoked, held, at
 * most {@link netd.player.PlayerTuning#MAX_WAITING_REQUESTS} waiting), served only while its link is not
 * backed up past {@link netd.player.PlayerTuning#MAX_QUEUED_FOR_SERVING} messages or
 * {@link netd.player.PlayerTuning#MAX_UNWRITTEN_BOOK_BYTES} bytes of books, and without an upload limit served
 * as soon as its link has room. Checked after every step: only a handshake
 * with our info hash, another id and not banned is accepted, its bitfield goes out first, and
 * the bitfield and haves since tell each accepted downloader exactly the held books; nothing
 * goes to a downloader before its handshake; anything but a handshake first, a second handshake
 * or a request out of range closes the link; the choke state sent matches the state kept; at
 * most maxUploads + 1 downloaders are unchoked; an interested one is unchoked when a slot is
 * free; a closed link gets nothing more.
 */
class UploadingFuzzTest {
    private static final int MAX_BOOKS = 40;
    private static final int MAX_DOWNLOADERS = 5;
    private static final int BOOK_SIZE = 1000;

    static {
        // Refused connections and departures are logged: at fuzzing speed that is all the fuzzer would do.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Uploading.class)).setLevel(Level.OFF);
    }

    @FuzzTest
    void inboundSequence(FuzzedDataProvider data) {
        new Swarm(data).run();
    }

    /** One player uploading to a few downloaders, as its connection manager sees them. */
    private static final class Swarm {
        private final FuzzedDataProvider data;
        private final int books;
        private final Library library;
        private final PlayerId ownId = id('o');
        private final PlayerId bannedId = id('b');
        private final BookPicker picker;
        private final int maxUploads;
        private final Uploading uploading;
        /** Whether --max-upload-rate is set: then a request may wait for the limit too. */
        private final boolean limited;
        private final Link[] links = new Link[MAX_DOWNLOADERS];
        /** Every link ever opened, closed ones too: none may hear anything after its Closed. */
        private final List<Link> everOpened = new ArrayList<>();
        private long now = 1_000_000;

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
            this.picker = new BookPicker(books, held);
            this.maxUploads = data.consumeInt(1, 4);
            // A rate of a few bytes a second up to many books a millisecond; or none.
            TokenBucket limit = data.consumeBoolean() ? null : new TokenBucket(data.consumeLong(1, 10_000_000), now);
            this.limited = limit != null;
            this.uploading = new Uploading(library, ownId, picker, maxUploads, limit, Set.of(bannedId)::contains,
                    new SplittableRandom(data.consumeLong()));
        }

        void run() {
            while (data.remainingBytes() > 0) {
                int slot = data.consumeInt(0, MAX_DOWNLOADERS - 1);
                Link link = links[slot];
                int step = data.consumeInt(0, 10);
                if (link == null) {
                    link = new Link(this, now);
                    link.downloader = uploading.opened(link, now);
                    links[slot] = link;
                    everOpened.add(link);
                } else {
                    switch (step) {
                        case 0 -> handshake(link);
                        case 1 -> interested(link);
                        case 2 -> notInterested(link);
                        case 3, 4 -> request(link, data.consumeBoolean() ? data.consumeInt(0, books + 1)
                                : data.consumeInt() & Integer.MAX_VALUE);
                        case 5 -> other(link);
                        case 6 -> chokingRound();
                        case 7 -> {
                            // The link's Closed event: whatever it sent before is handled; it is gone.
                            link.gone = true;
                            uploading.closed(link.downloader, "closed");
                            links[slot] = null;
                        }
                        case 8 -> timePasses();
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

        private void handshake(Link link) {
            PlayerId who = switch (data.consumeInt(0, 3)) {
                case 0 -> ownId;
                case 1 -> bannedId;
                default -> id((char) ('a' + data.consumeInt(0, 5)));
            };
            InfoHash hash = data.consumeInt(0, 7) == 0 ? infoHash((byte) 2) : library.infoHash();
            boolean before = link.downloader.handshakeDone;
            int closes = link.closes;
            boolean met = uploading.received(link.downloader, new Handshake(who, hash));
            if (before) {
                assertFalse(met, "a second handshake accepted");
                assertEquals(closes + 1, link.closes, "a second handshake did not close the link");
                return;
            }
            boolean acceptable = hash.equals(library.infoHash()) && !who.equals(ownId) && !who.equals(bannedId);
            assertEquals(acceptable, met, "handshake from " + who + " for " + hash + " accepted");
            assertEquals(acceptable, link.downloader.handshakeDone, "handshake state");
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
            assertFalse(uploading.received(link.downloader, message));
            assertEquals(closes + 1, link.closes, message + " before the handshake did not close the link");
            return true;
        }

        private void interested(Link link) {
            if (refusedBeforeHandshake(link, new Interested())) {
                return;
            }
            boolean slotFree = unchokedCount() < maxUploads + 1;
            uploading.received(link.downloader, new Interested());
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
                othersWait |= other != null && other != link && other.downloader.handshakeDone
                        && other.downloader.interestedInUs && !other.downloader.weUnchoke;
            }
            int unchokedBefore = unchokedCount();
            uploading.received(link.downloader, new NotInterested());
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
            uploading.received(link.downloader, new Request(index));
            if (index >= books) {
                assertEquals(closes + 1, link.closes, "a request for book " + index + " of " + books + " did not close the link");
                return;
            }
            // What the code promises to serve (PROTOCOL.md §4: not while choked, nor a book not held),
            // within its bounds; anything else gets no book.
            if (link.saidUnchoked && picker.isHeld(index) && link.expected.size() < PlayerTuning.MAX_WAITING_REQUESTS) {
                link.expected.add(index);
            }
        }

        /** Messages a downloader has no business sending: ignored once its handshake is in. */
        private void other(Link link) {
            PeerMessage message = switch (data.consumeInt(0, 4)) {
                case 0 -> new Choke();
                case 1 -> new Unchoke();
                case 2 -> new Have(data.consumeInt() & Integer.MAX_VALUE);
                case 3 -> new Bitfield(data.consumeBytes(Bitfield.byteCount(books) + 1));
                default -> new PeerMessage.BookData(data.consumeInt(0, books), data.consumeBytes(16));
            };
            if (refusedBeforeHandshake(link, message)) {
                return;
            }
            int closes = link.closes;
            boolean unchoked = link.downloader.weUnchoke;
            uploading.received(link.downloader, message);
            assertEquals(closes, link.closes, message + " closed the link");
            assertEquals(unchoked, link.downloader.weUnchoke, message + " changed the choke state");
        }

        /** As the manager applies the chooser's choice: at most maxUploads + 1 accepted downloaders unchoked, the rest choked. */
        private void chokingRound() {
            List<Link> candidates = new ArrayList<>();
            for (Link link : links) {
                if (link != null && link.downloader.handshakeDone) {
                    candidates.add(link);
                }
            }
            int chosen = 0;
            for (Link link : candidates) {
                if (chosen < maxUploads + 1 && data.consumeBoolean()) {
                    chosen++;
                    uploading.unchoke(link.downloader);
                } else {
                    uploading.choke(link.downloader);
                }
            }
        }

        /** The manager's tick: a downloader silent past the handshake timeout is closed, no other. */
        private void timePasses() {
            now += data.consumeInt(0, 30_000);
            int[] closes = new int[MAX_DOWNLOADERS];
            for (int i = 0; i < MAX_DOWNLOADERS; i++) {
                closes[i] = links[i] == null ? 0 : links[i].closes;
            }
            uploading.expireHandshakes(now);
            for (int i = 0; i < MAX_DOWNLOADERS; i++) {
                Link link = links[i];
                if (link != null) {
                    boolean late = !link.downloader.handshakeDone && now - link.openedAt > PlayerTuning.HANDSHAKE_TIMEOUT_MILLIS;
                    assertEquals(closes[i] + (late ? 1 : 0), link.closes, "handshake timeout of " + link);
                }
            }
        }

        /** A book is verified and written: as the manager, the picker first, then the haves. */
        private void written() {
            int index = picker.heldBooks().nextClearBit(data.consumeInt(0, books - 1));
            if (index >= books) {
                return;
            }
            picker.held(index);
            uploading.written(index);
        }

        private void serveWaiting() {
            ServeQueue.Serve<Downloader> next;
            int served = 0;
            while ((next = uploading.nextServe(now)) != null) {
                assertTrue(++served <= MAX_DOWNLOADERS * PlayerTuning.MAX_WAITING_REQUESTS, "serving without end");
                Link link = (Link) next.downloader().wire;
                int index = next.index();
                assertFalse(link.gone, "served book " + index + " on a closed link");
                assertTrue(link.downloader.handshakeDone, "served book " + index + " before the handshake");
                assertTrue(link.downloader.weUnchoke && link.saidUnchoked, "served book " + index + " to a choked downloader");
                assertTrue(index >= 0 && index < books && picker.isHeld(index), "served book " + index + ", not held");
                assertTrue(link.hasRoom(), "served book " + index + " on a backed-up link");
                Integer expected = link.expected.poll();
                assertEquals(expected, index, "served book " + index + " out of turn, unasked or asked before a choke");
            }
            // A request waits only for its link to drain, or for the upload limit: never for nothing.
            for (Link link : links) {
                if (link != null && !limited && link.hasRoom()) {
                    assertTrue(link.expected.isEmpty(), "requests left waiting on a link with room: " + link.expected);
                }
            }
        }

        private int unchokedCount() {
            int count = 0;
            for (Link link : links) {
                count += link != null && link.downloader.weUnchoke ? 1 : 0;
            }
            return count;
        }

        private void checkState() {
            assertTrue(unchokedCount() <= maxUploads + 1, unchokedCount() + " downloaders unchoked");
            BitSet held = picker.heldBooks();
            for (Link link : links) {
                if (link == null) {
                    continue;
                }
                Downloader downloader = link.downloader;
                assertEquals(link.saidUnchoked, downloader.weUnchoke, "choke state sent");
                assertTrue(link.expected.size() <= PlayerTuning.MAX_WAITING_REQUESTS,
                        "requests held for one downloader");
                if (!downloader.weUnchoke) {
                    assertTrue(link.expected.isEmpty(), "requests kept for a choked downloader");
                }
                if (downloader.handshakeDone) {
                    assertEquals(held, link.told, "books the downloader was told of");
                } else {
                    assertFalse(downloader.weUnchoke || downloader.interestedInUs, "state before the handshake");
                }
            }
            // Whatever may be served now was: the manager sleeps until millisUntilNextServe says.
            if (uploading.millisUntilNextServe(now) == 0) {
                fail("a request is due and was not served");
            }
        }
    }

    /** An upload link as the test sees it: what went out on it, what it asked that should be served. */
    private static final class Link implements Downloader.Wire {
        private final Swarm swarm;
        private final long openedAt;
        private Downloader downloader;
        private PlayerId id;
        /** The held books the bitfield and haves told of; null before the bitfield. */
        private BitSet told;
        private boolean saidUnchoked;
        /** The requests that must be served, in order, unless a choke drops them. */
        private final ArrayDeque<Integer> expected = new ArrayDeque<>();
        /** Messages waiting in the link, as its writer is slow or its reader stalls. */
        private int queued;
        /** Bytes of books in the link not yet written to its socket, as its reader stalls. */
        private long unwrittenBookBytes;
        private int closes;
        /** Its Closed event was handled. */
        private boolean gone;

        Link(Swarm swarm, long openedAt) {
            this.swarm = swarm;
            this.openedAt = openedAt;
        }

        @Override
        public void accepted(PlayerId playerId) {
            assertOpen();
            assertTrue(id == null, "accepted twice");
            id = playerId;
        }

        @Override
        public int queued() {
            assertOpen();
            return queued;
        }

        @Override
        public long unwrittenBookBytes() {
            assertOpen();
            return unwrittenBookBytes;
        }

        /** Whether the link is not backed up, in messages or in bytes of books. */
        boolean hasRoom() {
            return queued < PlayerTuning.MAX_QUEUED_FOR_SERVING && unwrittenBookBytes < PlayerTuning.MAX_UNWRITTEN_BOOK_BYTES;
        }

        @Override
        public boolean send(PeerMessage message) {
            assertOpen();
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
            return closes == 0;
        }

        @Override
        public void close(String reason) {
            assertOpen();
            closes++;
        }

        private void assertOpen() {
            assertFalse(gone, "a closed link was used");
        }

        @Override
        public String toString() {
            return "downloader " + id + " opened at " + openedAt;
        }
    }

    private static PlayerId id(char c) {
        byte[] bytes = new byte[20];
        Arrays.fill(bytes, (byte) c);
        return PlayerId.of(bytes);
    }

    private static InfoHash infoHash(byte b) {
        byte[] bytes = new byte[20];
        Arrays.fill(bytes, b);
        return InfoHash.of(bytes);
    }
}
