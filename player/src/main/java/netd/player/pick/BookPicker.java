package netd.player.pick;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Which book to ask for next: the rarest book this player still wants (held by the fewest
 * connected uploaders), ties broken at random. Pure state, no I/O, no threads: the
 * {@code PlayerConnectionManager} feeds it what it learns and asks it to pick.
 *
 * <p>A book is <em>wanted</em> while it is neither held nor requested. To pick fast in big
 * stuffs, the picker keeps the wanted books grouped by availability, so a pick intersects
 * whole sets instead of looking at books one by one.
 */
public final class BookPicker {
    private final int bookCount;
    private final BitSet held = new BitSet();
    /** The books not held: kept beside {@link #held} so the questions asked per book need no copies. */
    private final BitSet missing = new BitSet();
    /** How many uploaders each book is requested from: 0 or 1, or more only in the endgame. */
    private final int[] requests;
    private final BitSet wanted = new BitSet();
    private final int[] availability;
    /**
     * wantedAt.get(a) = the wanted books that a connected uploaders hold; together they are
     * {@link #wanted}. Grows with the swarm.
     */
    private final List<BitSet> wantedAt = new ArrayList<>();

    public BookPicker(int bookCount, BitSet initiallyHeld) {
        this.bookCount = bookCount;
        this.availability = new int[bookCount];
        this.requests = new int[bookCount];
        held.or(initiallyHeld);
        missing.set(0, bookCount);
        missing.andNot(held);
        wanted.set(0, bookCount);
        wanted.andNot(held);
        wantedAtLevel(0).or(wanted);
    }

    /**
     * The next book to request from an uploader holding {@code peerHas}, or -1 when it has
     * nothing wanted: the rarest first, ties going to the first book at or after {@code start}
     * (wrapping around). The caller starts a batch of requests at a random point and continues
     * from the book after its last pick, so that books of equal rarity are asked for in runs:
     * they arrive and are written in order, cheaper for the file system than books scattered
     * one by one, and are read back in order when served (libtorrent's "piece extent affinity"
     * does the same).
     *
     * <p>Level by level from the rarest: the first level that shares a book with the uploader
     * gives the book. Whether a level shares any is a word-wise test that stops at the first
     * shared word, and the walk from {@code start} then only visits the level's books until
     * one is the uploader's. (Scanning every wanted book one by one cost a leecher seconds of
     * CPU in a swarm of leechers, where an uploader's books are seldom the rarest wanted;
     * intersecting whole levels in a copy cost it a tenth of one.)
     */
    public int pick(BitSet peerHas, int start) {
        if (wanted.isEmpty()) {
            return -1;
        }
        if (start < 0 || start >= bookCount) {
            start = 0;
        }
        for (BitSet level : wantedAt) {
            if (level.intersects(peerHas)) {
                int book = firstShared(level, peerHas, start, bookCount);
                return book >= 0 ? book : firstShared(level, peerHas, 0, start);
            }
        }
        return -1;
    }

    /** The first book of {@code level} in [from, to) that {@code peerHas} holds too, or -1. */
    private static int firstShared(BitSet level, BitSet peerHas, int from, int to) {
        for (int book = level.nextSetBit(from); book >= 0 && book < to; book = level.nextSetBit(book + 1)) {
            if (peerHas.get(book)) {
                return book;
            }
        }
        return -1;
    }

    /** Whether an uploader holding {@code peerHas} holds any book this player does not hold. */
    public boolean needsAnyOf(BitSet peerHas) {
        return peerHas.intersects(missing);
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
        if (!isEndgame()) {
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
        missing.clear(index);
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

    public int bookCount() {
        return bookCount;
    }

    public boolean isHeld(int index) {
        return held.get(index);
    }

    public boolean isRequested(int index) {
        return requests[index] > 0;
    }

    /** Whether every missing book is requested: only the endgame picks more. */
    public boolean isEndgame() {
        return wanted.isEmpty() && !missing.isEmpty();
    }

    public boolean isComplete() {
        return missing.isEmpty();
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

    /** The books not held that are requested from an uploader or being written: those being downloaded. */
    public BitSet requestedBooks() {
        BitSet requested = new BitSet(bookCount);
        for (int i = missing.nextSetBit(0); i >= 0; i = missing.nextSetBit(i + 1)) {
            if (requests[i] > 0) {
                requested.set(i);
            }
        }
        return requested;
    }

    public int availability(int index) {
        return availability[index];
    }

    /** How many uploaders {@code index} is requested from (one stands for a book being written). */
    public int requestCount(int index) {
        return requests[index];
    }

    private void changeAvailability(int index, int delta) {
        boolean isWanted = wanted.get(index);
        if (isWanted) {
            wantedAt.get(availability[index]).clear(index);
        }
        availability[index] = Math.max(0, availability[index] + delta);
        if (isWanted) {
            wantedAtLevel(availability[index]).set(index);
        }
    }

    private void want(int index) {
        wanted.set(index);
        wantedAtLevel(availability[index]).set(index);
    }

    private void unwant(int index) {
        wanted.clear(index);
        wantedAt.get(availability[index]).clear(index);
    }

    /** The set of wanted books held by {@code a} uploaders, made when first needed. */
    private BitSet wantedAtLevel(int a) {
        while (wantedAt.size() <= a) {
            wantedAt.add(new BitSet());
        }
        return wantedAt.get(a);
    }
}
