package netd.player.peer;

import netd.player.PlayerTuning;
import ch.qos.logback.classic.Level;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.Bitfield;
import netd.common.wire.PeerMessage.Interested;
import netd.common.wire.PeerMessage.NotInterested;
import netd.common.wire.PeerMessage.Request;
import netd.player.pick.BookPicker;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The player's download side over a whole inbound message sequence from several uploaders:
 * the very {@link Downloading} that {@code PlayerConnectionManager} runs, driven as the
 * manager drives it (links opening and closing, bitfield, have, choke, unchoke, books that
 * verify or not or were never asked for, writes that succeed or fail, time passing), with
 * what it sends recorded by each link's {@link Uploader.Wire}.
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

    static {
        // Bad books and snubbing uploaders are logged: at fuzzing speed that is all the fuzzer would do.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Downloading.class)).setLevel(Level.OFF);
    }

    @FuzzTest
    void inboundSequence(FuzzedDataProvider data) {
        new Swarm(data).run();
    }

    /** A clock that moves only when the sequence says so. */
    private static final class StepClock implements InstantSource {
        private long millis = 1_000_000;

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    /** One player downloading from a few uploaders, as its connection manager sees them. */
    private static final class Swarm {
        private final FuzzedDataProvider data;
        private final int books;
        private final BookPicker picker;
        private final StepClock clock = new StepClock();
        private final Downloading downloading;
        private final Link[] links = new Link[MAX_UPLOADERS];
        /** Books that arrived new and are being written, in the order they arrived. */
        private final List<Integer> writing = new ArrayList<>();
        private final int maxUnwritten;

        Swarm(FuzzedDataProvider data) {
            this.data = data;
            this.books = data.consumeInt(1, MAX_BOOKS);
            BitSet held = new BitSet();
            for (int i = 0; i < books; i++) {
                if (data.consumeInt(0, 3) == 0) {
                    held.set(i);
                }
            }
            this.picker = new BookPicker(books, held);
            this.maxUnwritten = data.consumeInt(1, MAX_UNWRITTEN);
            this.downloading = new Downloading(picker, maxUnwritten, clock, new SplittableRandom(data.consumeLong()));
        }

        void run() {
            while (data.remainingBytes() > 0) {
                int slot = data.consumeInt(0, MAX_UPLOADERS - 1);
                Link link = links[slot];
                int step = data.consumeInt(0, 8);
                if (link == null && step != 8) {
                    links[slot] = new Link(this, data.consumeInt(1, MAX_PIPELINE));
                    links[slot].uploader = downloading.opened(links[slot], links[slot].pipelineLimit);
                } else {
                    switch (step) {
                        case 0 -> bitfield(link);
                        case 1 -> have(link, data.consumeInt(-1, books + 1));
                        case 2 -> downloading.unchoked(link.uploader);
                        case 3 -> downloading.choked(link.uploader);
                        case 4 -> bookArrived(link, data.consumeInt(-1, books + 1), data.consumeBoolean());
                        case 5 -> {
                            // The link's Closed event: whatever it sent before is handled; it is gone.
                            downloading.closed(link.uploader);
                            links[slot] = null;
                        }
                        case 6 -> writeDone(data.consumeBoolean());
                        case 7 -> {
                            clock.millis += data.consumeInt(0, 130_000);
                            downloading.expireRequests(clock.millis);
                            downloading.fillAll();
                        }
                        default -> writeDone(true);
                    }
                }
                checkState();
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
            announce(link, () -> downloading.bitfield(link.uploader, new Bitfield(bits)));
        }

        private void have(Link link, int index) {
            if (index >= 0) {
                link.announcing.set(index);
            }
            announce(link, () -> downloading.have(link.uploader, index));
        }

        /** What the link is announcing counts from the start (requests go out at once), unless the message is refused. */
        private void announce(Link link, Runnable message) {
            int closes = link.closes;
            message.run();
            if (link.closes == closes) {
                link.announced.or(link.announcing);
            }
            link.announcing.clear();
        }

        /** As the manager: a book with a bad index fails verification; too many bad books ban the uploader. */
        private void bookArrived(Link link, int index, boolean good) {
            boolean verified = good && index >= 0 && index < books;
            switch (downloading.bookArrived(link.uploader, index, verified)) {
                case BAD_TOO_OFTEN -> link.close("banned");
                case NEW -> {
                    assertFalse(writing.contains(index), "book " + index + " written twice at once");
                    writing.add(index);
                }
                case UNASKED, BAD, COPY -> {
                }
            }
        }

        private void writeDone(boolean success) {
            if (writing.isEmpty()) {
                return;
            }
            int index = writing.remove(data.consumeInt(0, writing.size() - 1));
            if (success) {
                downloading.written(index);
            } else {
                downloading.writeFailed(index);
            }
        }

        /** Called as each request goes out. */
        void requested(Link link, int index) {
            assertTrue(index >= 0 && index < books, "asked for book " + index + " of " + books);
            assertTrue(link.announced.get(index) || link.announcing.get(index), "asked for book " + index + ", which the uploader did not announce");
            assertTrue(link.uploader.has.get(index), "asked for book " + index + ", which the uploader does not hold");
            assertFalse(picker.isHeld(index), "asked for book " + index + ", which is held");
            assertFalse(writing.contains(index), "asked for book " + index + ", which is verified and being written");
            assertTrue(writing.size() < maxUnwritten, "asked for book " + index + " while " + writing.size() + " wait to be written");
            assertTrue(link.uploader.outstanding.containsKey(index), "asked for book " + index + " without counting it");
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
                if (!picker.isComplete()) {
                    assertEquals(picker.needsAnyOf(uploader.has), uploader.weAreInterested, "interest");
                    assertEquals(uploader.weAreInterested, link.saidInterested, "last interest message");
                }
            }
        }
    }

    /** A download link as the test sees it: what was announced on it, what went out on it. */
    private static final class Link implements Uploader.Wire {
        private final Swarm swarm;
        private final int pipelineLimit;
        private final BitSet announced = new BitSet();
        /** What the message being handled announces. */
        private final BitSet announcing = new BitSet();
        private Uploader uploader;
        /** How often the download side closed it: messages already queued are still handled after a close. */
        private int closes;
        private boolean saidInterested;
        /** Whether its uploader has shown a pace at any check so far. */
        private boolean paced;

        Link(Swarm swarm, int pipelineLimit) {
            this.swarm = swarm;
            this.pipelineLimit = pipelineLimit;
        }

        @Override
        public boolean send(PeerMessage message) {
            switch (message) {
                case Request request -> swarm.requested(this, request.index());
                case Interested interested -> saidInterested = true;
                case NotInterested notInterested -> saidInterested = false;
                default -> throw new AssertionError("the download side sent " + message);
            }
            return closes == 0;
        }

        @Override
        public void close(String reason) {
            closes++;
        }
    }
}
