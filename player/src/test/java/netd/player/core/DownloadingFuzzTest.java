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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The player's download side over a whole inbound message sequence from several uploaders:
 * the very {@link PlayerCore} that {@code PlayerConnectionManager} runs, fed as the manager
 * feeds it (links opening and closing, bitfield, have, choke, unchoke, books that verify or
 * not or were never asked for, writes that succeed or fail, time passing, each event followed
 * by the time), with what it answers carried out on each {@link Link}. Its download side,
 * {@link Downloading}, is what these checks look into.
 *
 * <p>Checked at every request sent: the book is in range, announced by that uploader, neither
 * held nor being written, asked of two uploaders at once only in the endgame, and not while
 * the most books allowed wait to be written. Checked after every step:
 * each book's availability counts each open uploader that announced it once; each book's
 * pending requests are exactly the uploaders asked for it (plus one while it is written) and
 * never negative; the wanted books are those neither held nor requested; an uploader's
 * pipeline stays within its limit and holds only books it announced; interest matches what
 * the uploader holds that we lack, and the last interest message said so.
 */
class DownloadingFuzzTest {
    private static final int MAX_BOOKS = 40;
    private static final int MAX_UPLOADERS = 4;
    private static final int MAX_PIPELINE = 6;
    private static final int MAX_UNWRITTEN = 8;
    private static final int BOOK_SIZE = 16;

    static {
        // Bad books and snubbing uploaders are logged: at fuzzing speed that is all the fuzzer would do.
        QuietLogs.off(PlayerCore.class, Downloading.class);
    }

    @FuzzTest
    void inboundSequence(FuzzedDataProvider data) {
        new Swarm(data).run();
    }

    /** One player downloading from a few uploaders, as its connection manager sees them. */
    private static final class Swarm implements LinkGauge<Link> {
        private final FuzzedDataProvider data;
        private final int books;
        private final BookPicker picker;
        private final PlayerCore<Link> core;
        private long now = 1_000_000;
        private final Link[] links = new Link[MAX_UPLOADERS];
        /** Books that arrived new and are being written, in the order they arrived. */
        private final List<Integer> writing = new ArrayList<>();
        private final int maxUnwritten;
        private final int pipelineDepth;
        private int linksMade;

        Swarm(FuzzedDataProvider data) {
            this.data = data;
            this.books = data.consumeInt(1, MAX_BOOKS);
            BitSet held = new BitSet();
            for (int i = 0; i < books; i++) {
                if (data.consumeInt(0, 3) == 0) {
                    held.set(i);
                }
            }
            this.maxUnwritten = data.consumeInt(1, MAX_UNWRITTEN);
            this.pipelineDepth = data.consumeInt(2, MAX_PIPELINE);
            Library library = new Library(new HostPort("127.0.0.1", 6969), "stuff", (long) books * BOOK_SIZE, BOOK_SIZE,
                    new byte[books * Library.HASH_LENGTH], null, null, InfoHash.of(new byte[20]));
            PlayerSettings settings = new PlayerSettings(PlayerId.of(new byte[20]), library, Path.of("unused"), Path.of("unused"),
                    false, null, 40_000, 0, false, 4, MAX_UPLOADERS, 2 * MAX_UPLOADERS, pipelineDepth, 0, Duration.ofSeconds(10),
                    null, null, false);
            this.core = new PlayerCore<>(settings, held, 40_000, new Progress(library.length(), books),
                    new SplittableRandom(data.consumeLong()), this, now, maxUnwritten);
            this.picker = core.picker();
            handle(new CoreEvent.Started<>());
        }

        void run() {
            while (data.remainingBytes() > 0) {
                int slot = data.consumeInt(0, MAX_UPLOADERS - 1);
                Link link = links[slot];
                int step = data.consumeInt(0, 8);
                if (link == null && step != 8) {
                    // An original player (its id says so) is asked one book at a time, any other --pipeline deep.
                    boolean original = data.consumeInt(0, 3) == 0;
                    link = new Link(this, original ? 1 : pipelineDepth);
                    links[slot] = link;
                    handle(new CoreEvent.Opened<>(link, Role.DOWNLOAD, new InetSocketAddress("127.0.0.1", 6000 + linksMade),
                            uploaderId(original, linksMade++), now));
                    link.uploader = core.remote(link).uploader;
                } else {
                    switch (step) {
                        case 0 -> bitfield(link);
                        case 1 -> have(link, data.consumeInt(0, books + 1));
                        case 2 -> handle(new CoreEvent.Received<>(link, new Unchoke()));
                        case 3 -> handle(new CoreEvent.Received<>(link, new Choke()));
                        case 4 -> bookArrived(link, data.consumeInt(0, books + 1), data.consumeBoolean());
                        case 5 -> {
                            // The link's Closed event: whatever it sent before is handled; it is gone.
                            link.gone = true;
                            handle(new CoreEvent.Closed<>(link, "closed"));
                            links[slot] = null;
                        }
                        case 6 -> writeDone(data.consumeBoolean());
                        case 7 -> now += data.consumeInt(0, 130_000);
                        default -> writeDone(true);
                    }
                }
                // The manager hands the core the time after every batch.
                handle(new CoreEvent.TimePassed<>());
                checkState();
            }
        }

        /** Hands the core {@code event} and carries out its answer on the links, as the manager does. */
        private void handle(CoreEvent<Link> event) {
            for (CoreAction<Link> action : core.handle(event, now)) {
                switch (action) {
                    case CoreAction.Send<Link>(Link link, PeerMessage message) -> link.send(message);
                    case CoreAction.Close<Link>(Link link, String reason) -> {
                        link.close(reason);
                        if (reason.startsWith("stalled")) {
                            // The core takes a stalled link as closed at once (StallWatch): it is gone now.
                            link.gone = true;
                            for (int slot = 0; slot < links.length; slot++) {
                                if (links[slot] == link) {
                                    links[slot] = null;
                                }
                            }
                        }
                    }
                    case CoreAction.Write<Link>(BookData book) -> {
                        assertFalse(writing.contains(book.index()), "book " + book.index() + " written twice at once");
                        writing.add(book.index());
                    }
                    case CoreAction.Completed<Link> completed -> assertTrue(picker.isComplete(), "completion said early");
                    case CoreAction.SendBook<Link> book -> fail("the download side served a book");
                    case CoreAction.Connect<Link> connect -> fail("dialled with no hub list");
                    default -> {
                        // Discard, FreeSlot, SpaceMessages: nothing the download side checks.
                    }
                }
            }
        }

        private void bitfield(Link link) {
            int length = data.consumeBoolean() ? Bitfield.byteCount(books) : data.consumeInt(0, Bitfield.byteCount(books) + 1);
            byte[] bits = data.consumeBytes(length);
            for (int i = 0; i < bits.length * 8; i++) {
                if ((bits[i >>> 3] & (0x80 >>> (i & 7))) != 0) {
                    link.announcing.set(i);
                }
            }
            announce(link, new Bitfield(bits));
        }

        private void have(Link link, int index) {
            link.announcing.set(index);
            announce(link, new Have(index));
        }

        /** What the link is announcing counts from the start (requests go out at once), unless the message is refused. */
        private void announce(Link link, PeerMessage message) {
            int closes = link.closes;
            handle(new CoreEvent.Received<>(link, message));
            if (link.closes == closes) {
                link.announced.or(link.announcing);
            }
            link.announcing.clear();
        }

        /** As a link's reader: a book with a bad index fails verification; the core bans who sends too many. */
        private void bookArrived(Link link, int index, boolean good) {
            boolean verified = good && index < books;
            handle(new CoreEvent.BookArrived<>(link, new BookData(index, new byte[index < books ? BOOK_SIZE : 1]), verified));
        }

        private void writeDone(boolean success) {
            if (writing.isEmpty()) {
                return;
            }
            int index = writing.remove(data.consumeInt(0, writing.size() - 1));
            if (success) {
                handle(new CoreEvent.Written<>(new int[] {index}));
            } else {
                handle(new CoreEvent.WriteFailed<>(index, new java.io.IOException("disk full")));
            }
        }

        @Override
        public boolean isOpen(Link link) {
            return link.closes == 0 && !link.gone;
        }

        // The test's links never back up, and there is a slot for every dial (there are none).
        @Override
        public int queued(Link link) {
            return 0;
        }

        @Override
        public long unwrittenBookBytes(Link link) {
            return 0;
        }

        @Override
        public int freeSlots() {
            return MAX_UPLOADERS;
        }

        /** Called as each request goes out. */
        void requested(Link link, int index) {
            assertTrue(index >= 0 && index < books, "asked for book " + index + " of " + books);
            assertTrue(link.announced.get(index) || link.announcing.get(index), "asked for book " + index + ", which the uploader did not announce");
            assertTrue(link.uploader.has.get(index), "asked for book " + index + ", which the uploader does not hold");
            assertFalse(picker.isHeld(index), "asked for book " + index + ", which is held");
            assertFalse(writing.contains(index), "asked for book " + index + ", which is verified and being written");
            assertTrue(writing.size() < maxUnwritten, "asked for book " + index + " while " + writing.size() + " wait to be written");
            // Checked once the turn is over: a request may have been given back later in the same turn (its
            // uploader found snubbing, or its link stalled and closed at the tick that sent it), never forgotten otherwise.
            assertTrue(link.uploader.outstanding.containsKey(index) || link.uploader.snubbed || core.remote(link) == null,
                    "asked for book " + index + " without counting it");
            if (askedCount(index) > 1) {
                assertEquals(0, picker.wantedCount(), "book " + index + " asked of two uploaders before the endgame");
            }
        }

        private int askedCount(int index) {
            int count = writing.contains(index) ? 1 : 0;
            for (Link link : links) {
                if (link != null && link.uploader.outstanding.containsKey(index)) {
                    count++;
                }
            }
            return count;
        }

        private void checkState() {
            int wanted = 0;
            for (int i = 0; i < books; i++) {
                int announced = 0;
                for (Link link : links) {
                    announced += link != null && link.uploader.has.get(i) ? 1 : 0;
                }
                assertEquals(announced, picker.availability(i), "availability of book " + i);
                int requests = picker.requestCount(i);
                assertTrue(requests >= 0, "book " + i + " requested " + requests + " times");
                if (picker.isHeld(i)) {
                    assertEquals(0, requests, "held book " + i + " still counted as requested");
                    assertFalse(writing.contains(i), "held book " + i + " being written");
                } else {
                    assertEquals(askedCount(i), requests, "pending requests of book " + i);
                    wanted += requests == 0 ? 1 : 0;
                }
            }
            assertEquals(wanted, picker.wantedCount(), "wanted books");
            for (Link link : links) {
                if (link == null) {
                    continue;
                }
                Uploader uploader = link.uploader;
                // An original player's limit of 1 is never deepened. Others: deepest when one alone
                // serves, until the uploader has shown a pace; from then on, as deep as its pace
                // asks, up to the cap.
                link.paced |= uploader.pace.millisPerBook() > 0;
                int deepest = link.pipelineLimit == 1 ? 1
                        : link.paced ? PlayerTuning.MAX_DEPTH
                        : Math.min(PlayerTuning.MAX_DEPTH, PlayerTuning.SHARES * link.pipelineLimit);
                assertTrue(uploader.outstanding.size() <= deepest, "pipeline of " + uploader.outstanding.size());
                assertTrue(uploader.has.length() <= books, "holds a book beyond the library");
                BitSet unannounced = (BitSet) uploader.has.clone();
                unannounced.andNot(link.announced);
                assertTrue(unannounced.isEmpty(), "holds unannounced books " + unannounced);
                for (int index : uploader.outstanding.keySet()) {
                    assertTrue(uploader.has.get(index), "book " + index + " pending at an uploader that lacks it");
                }
                // Nothing goes out on a link the core closed: what it last said is what it said before.
                if (!picker.isComplete() && link.closes == 0) {
                    assertEquals(picker.needsAnyOf(uploader.has), uploader.weAreInterested, "interest");
                    assertEquals(uploader.weAreInterested, link.saidInterested, "last interest message");
                }
            }
        }
    }

    /** A download link as the test sees it: what was announced on it, what went out on it. */
    private static final class Link {
        private final Swarm swarm;
        private final int pipelineLimit;
        private final BitSet announced = new BitSet();
        /** What the message being handled announces. */
        private final BitSet announcing = new BitSet();
        private Uploader uploader;
        /** How often the core closed it: messages already queued are handed over after a close, and the core drops them. */
        private int closes;
        /** Its Closed event was handled. */
        private boolean gone;
        private boolean saidInterested;
        /** Whether its uploader has shown a pace at any check so far. */
        private boolean paced;

        Link(Swarm swarm, int pipelineLimit) {
            this.swarm = swarm;
            this.pipelineLimit = pipelineLimit;
        }

        void send(PeerMessage message) {
            assertEquals(0, closes, "sent " + message + " on a closed link");
            switch (message) {
                case Request request -> swarm.requested(this, request.index());
                case Interested interested -> saidInterested = true;
                case NotInterested notInterested -> saidInterested = false;
                default -> throw new AssertionError("the download side sent " + message);
            }
        }

        void close(String reason) {
            closes++;
        }
    }

    private static PlayerId uploaderId(boolean original, int number) {
        byte[] bytes = new byte[20];
        Arrays.fill(bytes, (byte) ('a' + number % 26));
        if (original) {
            byte[] code = PlayerId.ORIGINAL_CLIENT_CODE.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(code, 0, bytes, 0, code.length);
        }
        return PlayerId.of(bytes);
    }
}
