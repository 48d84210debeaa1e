package netd.player.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import netd.common.wire.PeerMessage.Bitfield;
import netd.player.pick.BookPicker;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The player's decisions over a whole inbound message sequence from several uploaders.
 *
 * <p>{@code PlayerConnectionManager} is an actor wrapped in sockets, threads and a file, so
 * this target drives what it decides with: the real {@link BookPicker} and
 * {@link Bitfield#toBooks}, fed the way the manager feeds them (bitfield, have, choke,
 * unchoke, a book that verifies or not, a lost link, a request to serve), against a
 * simple model of who was asked for what. After every step it checks: no book is asked of
 * two uploaders before the endgame, none is asked of an uploader that did not announce it,
 * none held is asked for, no book is served that is not held, every index is in range, and
 * the picker's counts agree with the model.
 */
class DownloadDecisionsFuzzTest {
    private static final int MAX_BOOKS = 40;
    private static final int MAX_UPLOADERS = 4;
    private static final int PIPELINE = 3;

    @FuzzTest
    void inboundSequence(FuzzedDataProvider data) {
        new Swarm(data).run();
    }

    /** One player downloading from a few uploaders, as the manager sees it. */
    private static final class Swarm {
        private final FuzzedDataProvider data;
        private final int books;
        private final BookPicker picker;
        private final BitSet held = new BitSet();
        private final Uploader[] uploaders = new Uploader[MAX_UPLOADERS];
        private final Random random;

        Swarm(FuzzedDataProvider data) {
            this.data = data;
            this.books = data.consumeInt(1, MAX_BOOKS);
            for (int i = 0; i < books; i++) {
                if (data.consumeInt(0, 3) == 0) {
                    held.set(i);
                }
            }
            this.picker = new BookPicker(books, held);
            this.random = new Random(data.consumeLong());
            for (int i = 0; i < uploaders.length; i++) {
                uploaders[i] = new Uploader();
            }
        }

        void run() {
            while (data.remainingBytes() > 0) {
                Uploader peer = uploaders[data.consumeInt(0, MAX_UPLOADERS - 1)];
                switch (data.consumeInt(0, 6)) {
                    case 0 -> bitfield(peer, data.consumeBytes(Bitfield.byteCount(MAX_BOOKS) + 1));
                    case 1 -> have(peer, data.consumeInt(0, books + 2));
                    case 2 -> {
                        peer.unchokingUs = true;
                        fill(peer);
                    }
                    case 3 -> {
                        peer.unchokingUs = false;
                        returnAll(peer);
                        fillAll();
                    }
                    case 4 -> bookArrived(peer, data.consumeInt(0, books + 2), data.consumeBoolean());
                    case 5 -> lost(peer);
                    default -> serve(data.consumeInt(0, books + 2));
                }
                checkModel();
            }
        }

        /** As the manager: a bad bitfield or a second one closes the link. */
        private void bitfield(Uploader peer, byte[] bits) {
            if (peer.bitfieldSeen) {
                lost(peer);
                return;
            }
            BitSet announced;
            try {
                announced = new Bitfield(bits).toBooks(books);
            } catch (IllegalArgumentException badBitfield) {
                lost(peer);
                return;
            }
            assertTrue(announced.length() <= books, "toBooks gave a book beyond the library");
            peer.bitfieldSeen = true;
            BitSet gained = (BitSet) announced.clone();
            gained.andNot(peer.has);
            peer.has.or(announced);
            picker.peerGainedAll(gained);
            fill(peer);
        }

        private void have(Uploader peer, int index) {
            if (index >= books) {
                lost(peer);
                return;
            }
            if (!peer.has.get(index)) {
                peer.has.set(index);
                picker.peerGained(index);
                fill(peer);
            }
        }

        /** The manager's pipeline refill: rarest first, then the endgame once nothing is left to want. */
        private void fill(Uploader peer) {
            if (!peer.unchokingUs || !picker.needsAnyOf(peer.has)) {
                return;
            }
            while (peer.outstanding.size() < PIPELINE) {
                int index = picker.pick(peer.has, random);
                boolean endgame = index < 0;
                if (endgame) {
                    assertNothingWantedFrom(peer);
                    index = picker.pickEndgame(peer.has, peer.outstanding.keySet(), random);
                }
                if (index < 0) {
                    return;
                }
                assertTrue(index < books, "asked for book " + index + " of " + books);
                assertTrue(peer.has.get(index), "asked for book " + index + ", which the uploader did not announce");
                assertFalse(held.get(index), "asked for book " + index + ", which is held");
                assertFalse(peer.outstanding.containsKey(index), "asked the same uploader twice for book " + index);
                if (!endgame) {
                    assertEquals(0, askedCount(index), "book " + index + " asked twice before the endgame");
                } else {
                    assertTrue(askedCount(index) > 0, "endgame book " + index + " was not asked of anyone yet");
                }
                picker.requested(index);
                peer.outstanding.put(index, endgame);
            }
        }

        private void fillAll() {
            for (Uploader peer : uploaders) {
                fill(peer);
            }
        }

        /** A book message: dropped unless asked of that uploader; a bad one is asked again elsewhere. */
        private void bookArrived(Uploader peer, int index, boolean verifies) {
            if (peer.outstanding.remove(index) == null) {
                return;
            }
            if (!verifies) {
                picker.returned(index);
                fillAll();
                return;
            }
            if (!held.get(index)) {
                held.set(index);
                picker.held(index);
            }
            fill(peer);
        }

        private void lost(Uploader peer) {
            returnAll(peer);
            picker.peerLostAll(peer.has);
            peer.reset();
            fillAll();
        }

        private void returnAll(Uploader peer) {
            peer.outstanding.keySet().forEach(picker::returned);
            peer.outstanding.clear();
        }

        /** A downloader's request: served only for a book held (the manager also checks the range first). */
        private void serve(int index) {
            boolean valid = index < books;
            boolean served = valid && picker.isHeld(index);
            if (served && !held.get(index)) {
                fail("would serve book " + index + ", which is not held");
            }
        }

        private void assertNothingWantedFrom(Uploader peer) {
            for (int i = peer.has.nextSetBit(0); i >= 0; i = peer.has.nextSetBit(i + 1)) {
                if (!held.get(i) && askedCount(i) == 0) {
                    fail("pick found nothing, but book " + i + " is wanted and the uploader has it");
                }
            }
        }

        private int askedCount(int index) {
            int count = 0;
            for (Uploader peer : uploaders) {
                if (peer.outstanding.containsKey(index)) {
                    count++;
                }
            }
            return count;
        }

        /** The picker's view agrees with what the model knows. */
        private void checkModel() {
            int wanted = 0;
            for (int i = 0; i < books; i++) {
                assertEquals(held.get(i), picker.isHeld(i), "held " + i);
                boolean asked = askedCount(i) > 0;
                if (!held.get(i)) {
                    assertEquals(asked, picker.isRequested(i), "requested " + i);
                    wanted += asked ? 0 : 1;
                }
                int announced = 0;
                for (Uploader peer : uploaders) {
                    announced += peer.has.get(i) ? 1 : 0;
                }
                assertEquals(announced, picker.availability(i), "availability of book " + i);
            }
            assertEquals(wanted, picker.wantedCount(), "wanted books");
            assertEquals(held.cardinality() == books, picker.isComplete());
        }
    }

    /** What the manager keeps per download link. */
    private static final class Uploader {
        final BitSet has = new BitSet();
        /** Book index to whether it was asked in the endgame. */
        final Map<Integer, Boolean> outstanding = new HashMap<>();
        boolean bitfieldSeen;
        boolean unchokingUs;

        void reset() {
            has.clear();
            outstanding.clear();
            bitfieldSeen = false;
            unchokingUs = false;
        }
    }
}
