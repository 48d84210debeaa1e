package netd.player.upload;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static netd.player.PlayerTuning.OFFERED_AHEAD;

/**
 * What a player that started with the whole stuff tells each downloader it holds (BitTorrent's
 * "initial seeding", or super-seeding): not every book, but {@link netd.player.PlayerTuning#OFFERED_AHEAD} books, one
 * more each time it serves that downloader a book, and another batch when the downloader
 * holds all it was offered (it said it is not interested, and stays so). Each offer is the
 * book with the fewest copies out, a copy being a serve or an offer waiting to be served, so
 * that each book leaves the seeder about once and the downloaders get the rest from each other.
 *
 * <p>Why: downloaders that hear of the seeder's whole stuff pick books by their own view of
 * the swarm (the few players they download from), and several ask the seeder for the same book
 * while its first copy is still on the way. In a simulated flash crowd of 100 (scripts/simulate.sh)
 * the seeder, once it had sent each book once and told everyone of everything, sent each book
 * 2.3 times in all, and 3.5 times among 1,000; in the lab 1.3-1.4 times among 8. So this lasts as
 * long as the seeder does, not only until each book went out once.
 *
 * <p>An offer counts as a whole copy out while its downloader is unchoked, as half a copy while
 * it is choked (it cannot ask for it yet, and may not be unchoked before others are), and as
 * none once it leaves: books offered only to downloaders waiting for a slot go to others before
 * books served already, and downloaders that connect together are offered distinct books.
 *
 * <p>A downloader that is not interested holds every book it was told of, from the seeder or from
 * others, and so counts as one more copy of each. It is offered another batch at once, and if it
 * is still not interested at the next tick, every book it has not heard of ({@link #stillNotInterested}):
 * it gets its books from others faster than from the seeder, or it has nobody else to get the
 * rest from. In the lab (scripts/bench-netlab.sh 32 8 32), where leechers leave once complete,
 * the last two waited 18 s and more for batches of 32 that happened to hold the books they
 * lacked.
 *
 * <p>Pure state keyed by downloader, kept in the order downloaders came, so that the same
 * events give the same offers (the simulator's seeds); the upload side tells it what it serves and sends what it
 * says, as a bitfield at the handshake and as haves after. It only withholds what a downloader
 * is told: it never refuses a request, so a downloader that asks for a book it was not offered
 * (one told of it before it was choked) is served all the same.
 */
public final class InitialSeeding<K> {
    private static final int WHOLE = 2;
    private static final int HALF = 1;

    private final int bookCount;
    /**
     * Per book, its copies out, in halves: 2 for each serve, each offer waiting to be served to an
     * unchoked downloader and each downloader that holds it though we did not serve it; 1 for each
     * offer waiting at a choked downloader, which may be unchoked and ask for it, or not.
     */
    private final int[] copies;
    /** byCopies.get(c) = the books with c half copies out; grows with the copies. */
    private final List<BitSet> byCopies = new ArrayList<>();
    /** Per downloader, the books it was told of. */
    private final Map<K, BitSet> told = new LinkedHashMap<>();
    /** Per downloader, the books offered to it and not yet served to it. */
    private final Map<K, BitSet> unserved = new LinkedHashMap<>();
    /** Downloaders that said they are not interested and have not said otherwise since. */
    private final Set<K> sated = new LinkedHashSet<>();
    /** Downloaders unchoked now: their offers count as whole copies out, since they can ask for them now. */
    private final Set<K> unchoked = new LinkedHashSet<>();

    public InitialSeeding(int bookCount) {
        this.bookCount = bookCount;
        this.copies = new int[bookCount];
        level(0).set(0, bookCount);
    }

    /** A downloader's handshake was accepted: the books its bitfield lists. */
    public BitSet opened(K downloader) {
        told.put(downloader, new BitSet());
        unserved.put(downloader, new BitSet());
        offerBatch(downloader, OFFERED_AHEAD);
        return (BitSet) told.get(downloader).clone();
    }

    /**
     * {@code downloader} is not interested: it holds every book it was told of. The books to
     * offer it now, as haves (none once it has heard of every book).
     */
    public BitSet notInterested(K downloader) {
        return notInterested(downloader, OFFERED_AHEAD);
    }

    private BitSet notInterested(K downloader, int most) {
        BitSet known = told.get(downloader);
        if (known == null) {
            return new BitSet();
        }
        sated.add(downloader);
        // What it was offered and not served by us, it got from others: each is a copy out.
        BitSet waiting = unserved.get(downloader);
        int more = WHOLE - pending(downloader);
        waiting.stream().forEach(book -> addCopies(book, more));
        waiting.clear();
        BitSet before = (BitSet) known.clone();
        offerBatch(downloader, most);
        BitSet offers = (BitSet) known.clone();
        offers.andNot(before);
        return offers;
    }

    /** {@code downloader} is interested again: something it was told of is missing. */
    public void interested(K downloader) {
        sated.remove(downloader);
    }

    /**
     * For {@code downloader}, if it is still not interested since it last said so, up to
     * {@code most} books it has not heard of, as haves: it holds the last batch too. Called
     * every tick, so a downloader that holds every book it was offered, and so sends nothing,
     * still hears of the rest.
     */
    public BitSet stillNotInterested(K downloader, int most) {
        return sated.contains(downloader) ? notInterested(downloader, most) : new BitSet();
    }

    /**
     * {@code downloader} is unchoked and interested, and asked for nothing since the last tick:
     * what it lacks of what it was told, it gets from others (or waits for). Up to {@code most}
     * books it has not heard of, as haves, so that it has something to ask the seeder for.
     */
    public BitSet idle(K downloader, int most) {
        BitSet known = told.get(downloader);
        if (known == null) {
            return new BitSet();
        }
        BitSet before = (BitSet) known.clone();
        offerBatch(downloader, most);
        BitSet offers = (BitSet) known.clone();
        offers.andNot(before);
        return offers;
    }

    /**
     * Offers {@code downloader} up to {@code most} books, those with the fewest copies out first
     * (as {@link #offer} does one at a time), in one pass over the levels: a book offered moves
     * to a higher level but is known to the downloader from then on, so no level is read twice.
     * Offering one at a time scanned the books from the start for each offer, and a seeder
     * telling a downloader of thousands of books spent seconds of processor time doing so.
     */
    private void offerBatch(K downloader, int most) {
        BitSet known = told.get(downloader);
        BitSet waiting = unserved.get(downloader);
        int change = pending(downloader);
        int offers = 0;
        for (int c = 0; c < byCopies.size() && offers < most; c++) {
            BitSet candidates = (BitSet) byCopies.get(c).clone();
            candidates.andNot(known);
            for (int book = candidates.nextSetBit(0); book >= 0 && offers < most; book = candidates.nextSetBit(book + 1)) {
                known.set(book);
                waiting.set(book);
                addCopies(book, change);
                offers++;
            }
        }
    }

    /**
     * {@code downloader} is sent book {@code index}: the book to offer it now, to be sent as a
     * have, or -1 when there is none (or it was never {@link #opened}).
     */
    public int served(K downloader, int index) {
        BitSet waiting = unserved.get(downloader);
        if (waiting == null) {
            return -1;
        }
        addCopies(index, waiting.get(index) ? WHOLE - pending(downloader) : WHOLE);
        waiting.clear(index);
        return offer(downloader);
    }

    /** {@code downloader} was unchoked: it may ask for what it was offered, so those offers count as copies out. */
    public void unchoked(K downloader) {
        BitSet waiting = unserved.get(downloader);
        if (waiting != null && unchoked.add(downloader)) {
            waiting.stream().forEach(book -> addCopies(book, WHOLE - HALF));
        }
    }

    /** {@code downloader} was choked: it cannot ask for what it was offered, so those books go to others first. */
    public void choked(K downloader) {
        BitSet waiting = unserved.get(downloader);
        if (waiting != null && unchoked.remove(downloader)) {
            waiting.stream().forEach(book -> addCopies(book, HALF - WHOLE));
        }
    }

    /** The downloader's link closed: the books offered to it and never served go to others. */
    public void closed(K downloader) {
        BitSet waiting = unserved.remove(downloader);
        if (waiting != null) {
            int less = -pending(downloader);
            waiting.stream().forEach(book -> addCopies(book, less));
        }
        unchoked.remove(downloader);
        told.remove(downloader);
        sated.remove(downloader);
    }

    /** How many copies of {@code index} are out, in halves (see {@link #copies}). */
    public int halfCopies(int index) {
        return copies[index];
    }

    /** What an offer waiting at {@code downloader} counts: a whole copy once it is unchoked, half before. */
    private int pending(K downloader) {
        return unchoked.contains(downloader) ? WHOLE : HALF;
    }

    /**
     * Offers {@code downloader} the book with the fewest copies out that it was not told of,
     * the first such in book order, so that runs of books go to one downloader; -1 when it was
     * told of every book.
     */
    private int offer(K downloader) {
        BitSet known = told.get(downloader);
        for (BitSet level : byCopies) {
            int book = firstNotIn(level, known);
            if (book >= 0) {
                known.set(book);
                unserved.get(downloader).set(book);
                addCopies(book, pending(downloader));
                return book;
            }
        }
        return -1;
    }

    private void addCopies(int book, int change) {
        level(copies[book]).clear(book);
        copies[book] = Math.max(0, copies[book] + change);
        level(copies[book]).set(book);
    }

    private BitSet level(int c) {
        while (byCopies.size() <= c) {
            byCopies.add(new BitSet());
        }
        return byCopies.get(c);
    }

    private static int firstNotIn(BitSet books, BitSet known) {
        int book = books.nextSetBit(0);
        while (book >= 0 && known.get(book)) {
            book = books.nextSetBit(book + 1);
        }
        return book;
    }
}
