package netd.player.pick;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Which book to ask for next: the rarest book this player still wants (held by the fewest
 * connected uploaders), ties broken at random. Pure state, no I/O, no threads: the
 * {@code PlayerConnectionManager} feeds it what it learns and asks it to pick.
 *
 * <p>A book is <em>wanted</em> while it is neither held nor requested. To pick fast in big
 * stuffs, the picker keeps a histogram of the availability of wanted books, so a search can
 * stop as soon as it meets a book as rare as any wanted book can be.
 */
public final class BookPicker {
    private final int bookCount;
    private final BitSet held = new BitSet();
    /** How many uploaders each book is requested from: 0 or 1, or more only in the endgame. */
    private final int[] requests;
    private final BitSet wanted = new BitSet();
    private final int[] availability;
    /** wantedByAvailability[a] = how many wanted books have availability a. Grows with the swarm. */
    private int[] wantedByAvailability = new int[8];

    public BookPicker(int bookCount, BitSet initiallyHeld) {
        this.bookCount = bookCount;
        this.availability = new int[bookCount];
        this.requests = new int[bookCount];
        held.or(initiallyHeld);
        wanted.set(0, bookCount);
        wanted.andNot(held);
        wantedByAvailability[0] = wanted.cardinality();
    }

    /** The next book to request from an uploader holding {@code peerHas}, or -1 when it has nothing wanted. */
    public int pick(BitSet peerHas, RandomGenerator random) {
        if (wanted.isEmpty()) {
            return -1;
        }
        int lowestPossible = Math.max(1, lowestWantedAvailability());
        int start = random.nextInt(bookCount);
        int best = -1;
        int bestAvailability = Integer.MAX_VALUE;
        int ties = 0;
        // Scan wanted books from a random point, wrapping once.
        for (int pass = 0; pass < 2; pass++) {
            int from = pass == 0 ? start : 0;
            int to = pass == 0 ? bookCount : start;
            for (int i = wanted.nextSetBit(from); i >= 0 && i < to; i = wanted.nextSetBit(i + 1)) {
                if (!peerHas.get(i)) {
                    continue;
                }
                int a = availability[i];
                if (a < bestAvailability) {
                    best = i;
                    bestAvailability = a;
                    ties = 1;
                    if (a <= lowestPossible) {
                        // Nothing wanted is rarer; the random start already made the choice among ties random.
                        return best;
                    }
                } else if (a == bestAvailability && random.nextInt(++ties) == 0) {
                    best = i;
                }
            }
        }
        return best;
    }

    /** Whether an uploader holding {@code peerHas} holds any book this player does not hold. */
    public boolean needsAnyOf(BitSet peerHas) {
        BitSet missing = (BitSet) peerHas.clone();
        missing.andNot(held);
        return !missing.isEmpty();
    }

    /** The book was requested from an uploader: not wanted while any request for it is pending. */
    public void requested(int index) {
        if (wanted.get(index)) {
            unwant(index);
        }
        requests[index]++;
    }

    /** A request failed (link lost, bad book, timeout): once no request is pending, the book is wanted again. */
    public void returned(int index) {
        if (requests[index] > 0 && --requests[index] == 0 && !held.get(index)) {
            want(index);
        }
    }

    /**
     * The endgame: when every missing book is already requested, the last ones are asked of
     * other uploaders too, so one slow uploader cannot hold the end of the download. Returns
     * a missing, requested book that {@code peerHas} and that is not among {@code askedOfPeer},
     * the one requested from the fewest uploaders, or -1.
     */
    public int pickEndgame(BitSet peerHas, Set<Integer> askedOfPeer, RandomGenerator random) {
        if (!wanted.isEmpty()) {
            return -1;
        }
        int best = -1;
        int bestRequests = Integer.MAX_VALUE;
        int ties = 0;
        for (int i = held.nextClearBit(0); i < bookCount; i = held.nextClearBit(i + 1)) {
            if (!peerHas.get(i) || askedOfPeer.contains(i) || requests[i] == 0) {
                continue;
            }
            if (requests[i] < bestRequests) {
                best = i;
                bestRequests = requests[i];
                ties = 1;
            } else if (requests[i] == bestRequests && random.nextInt(++ties) == 0) {
                best = i;
            }
        }
        return best;
    }

    /** The book is written and verified: held for good. */
    public void held(int index) {
        if (wanted.get(index)) {
            unwant(index);
        }
        requests[index] = 0;
        held.set(index);
    }

    /** An uploader announced it holds {@code index} (a bitfield bit or a have). */
    public void peerGained(int index) {
        changeAvailability(index, +1);
    }

    /** An uploader that held {@code index} went away. */
    public void peerLost(int index) {
        changeAvailability(index, -1);
    }

    public void peerGainedAll(BitSet books) {
        books.stream().forEach(this::peerGained);
    }

    public void peerLostAll(BitSet books) {
        books.stream().forEach(this::peerLost);
    }

    public boolean isHeld(int index) {
        return held.get(index);
    }

    public boolean isRequested(int index) {
        return requests[index] > 0;
    }

    public boolean isComplete() {
        return held.cardinality() == bookCount;
    }

    public int heldCount() {
        return held.cardinality();
    }

    public int wantedCount() {
        return wanted.cardinality();
    }

    public BitSet heldBooks() {
        return (BitSet) held.clone();
    }

    public int availability(int index) {
        return availability[index];
    }

    /** How many uploaders {@code index} is requested from (one stands for a book being written). */
    public int requestCount(int index) {
        return requests[index];
    }

    private void changeAvailability(int index, int delta) {
        if (wanted.get(index)) {
            wantedByAvailability[availability[index]]--;
        }
        availability[index] = Math.max(0, availability[index] + delta);
        if (wanted.get(index)) {
            countWanted(availability[index], +1);
        }
    }

    private void want(int index) {
        wanted.set(index);
        countWanted(availability[index], +1);
    }

    private void unwant(int index) {
        wanted.clear(index);
        wantedByAvailability[availability[index]]--;
    }

    private void countWanted(int a, int delta) {
        if (a >= wantedByAvailability.length) {
            wantedByAvailability = Arrays.copyOf(wantedByAvailability, Math.max(a + 1, wantedByAvailability.length * 2));
        }
        wantedByAvailability[a] += delta;
    }

    private int lowestWantedAvailability() {
        for (int a = 0; a < wantedByAvailability.length; a++) {
            if (wantedByAvailability[a] > 0) {
                return a;
            }
        }
        return 0;
    }
}
