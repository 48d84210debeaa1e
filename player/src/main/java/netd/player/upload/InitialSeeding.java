package netd.player.upload;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * What a player that started with the whole stuff tells each downloader it holds, until each
 * book is in the swarm (BitTorrent's "initial seeding", or super-seeding): not every book, but
 * {@link #OFFERED_AHEAD} books offered to nobody else, one more each time it serves that
 * downloader a book, and another batch when the downloader says it is not interested (it has
 * what it was offered, from the seeder or from others). Once no book is left that was offered
 * to nobody, books offered to others and still served to nobody are offered again. Downloaders that only hear of the seeder's whole stuff pick
 * books by their own view of the swarm, and several ask the seeder for the same book before
 * they learn that another has it: the seeder, whose upload sets the swarm's pace, sent 1.7 to
 * 1.9 copies of the stuff to 8 leechers (scripts/bench-netlab.sh). Offered distinct books, the
 * downloaders get each book from the seeder about once and the rest from each other. Once
 * every book has been served once, every downloader hears of the rest ({@link #reveal}, in batches that
 * fit a link's queue), and downloaders that come later get the whole bitfield.
 *
 * <p>Pure state keyed by downloader; the upload side tells it what it serves and sends what
 * it says, as a bitfield at the handshake and as haves after. It only withholds what a
 * downloader is told: it never refuses a request, so a downloader that asks for a book it
 * was not offered is served all the same.
 */
public final class InitialSeeding<K> {
    /**
     * Books offered to a downloader and not yet served to it: its requests in flight to the
     * seeder. 32 books (512 KiB) keep a link of 32 Mbit/s busy across a round trip of over a
     * tenth of a second, and 16 downloaders hold half of a 16 MiB stuff.
     */
    public static final int OFFERED_AHEAD = 32;

    private final int bookCount;
    /** Books offered to nobody yet, or given back by a downloader that left before it was served them. */
    private final BitSet fresh = new BitSet();
    /** Per downloader, the books it was told of. */
    private final Map<K, BitSet> told = new HashMap<>();
    /** Per downloader, the books offered to it and not yet served to it. */
    private final Map<K, BitSet> unserved = new HashMap<>();
    /** Books served to some downloader, or held by one that said it was not interested. */
    private final BitSet inSwarm = new BitSet();
    private boolean over;

    public InitialSeeding(int bookCount) {
        this.bookCount = bookCount;
        fresh.set(0, bookCount);
    }

    /** Whether every book is in the swarm: from now on every downloader is told of all of them. */
    public boolean isOver() {
        return over;
    }

    /** A downloader's handshake was accepted: the books its bitfield lists. */
    public BitSet opened(K downloader) {
        told.put(downloader, new BitSet());
        unserved.put(downloader, new BitSet());
        if (over) {
            told.get(downloader).set(0, bookCount);
        }
        offerBatch(downloader);
        return (BitSet) told.get(downloader).clone();
    }

    /**
     * {@code downloader} is not interested: it holds every book it was offered. The books to
     * offer it now, as haves.
     */
    public BitSet notInterested(K downloader) {
        BitSet known = told.get(downloader);
        if (known == null || over) {
            return new BitSet();
        }
        inSwarm.or(known);
        unserved.get(downloader).clear();
        BitSet before = (BitSet) known.clone();
        offerBatch(downloader);
        BitSet offers = (BitSet) known.clone();
        offers.andNot(before);
        checkOver();
        return offers;
    }

    private void offerBatch(K downloader) {
        int offers = 0;
        while (offers < OFFERED_AHEAD && offer(downloader) >= 0) {
            offers++;
        }
    }

    /**
     * {@code downloader} is sent book {@code index}: the book to offer it now, to be sent as a
     * have, or -1 when there is none (or it was never {@link #opened}).
     */
    public int served(K downloader, int index) {
        BitSet waiting = unserved.get(downloader);
        if (waiting == null || over) {
            return -1;
        }
        waiting.clear(index);
        inSwarm.set(index);
        if (checkOver()) {
            return -1;
        }
        return offer(downloader);
    }

    private boolean checkOver() {
        if (inSwarm.cardinality() == bookCount) {
            over = true;
        }
        return over;
    }

    /** The downloader's link closed: the books offered to it and never served go to others. */
    public void closed(K downloader) {
        told.remove(downloader);
        BitSet waiting = unserved.remove(downloader);
        if (waiting != null && !over) {
            fresh.or(waiting);
        }
    }

    /**
     * Once {@link #isOver}: up to {@code most} books {@code downloader} has not been told of,
     * to be sent as haves; it counts as told of them.
     */
    public BitSet reveal(K downloader, int most) {
        BitSet books = new BitSet();
        BitSet known = told.get(downloader);
        if (!over || known == null) {
            return books;
        }
        for (int book = known.nextClearBit(0); book < bookCount && books.cardinality() < most;
             book = known.nextClearBit(book + 1)) {
            books.set(book);
        }
        known.or(books);
        return books;
    }

    /** Whether it is over and every downloader has been told of every book: nothing is left to do. */
    public boolean isDone() {
        return over && told.values().stream().allMatch(known -> known.cardinality() == bookCount);
    }

    /**
     * Offers {@code downloader} the first book offered to nobody, so that runs of books go to
     * one downloader, or else the first one offered to others and in nobody's hands yet; -1
     * when there is none it was not offered already.
     */
    private int offer(K downloader) {
        BitSet known = told.get(downloader);
        int book = firstNotIn(fresh, known);
        if (book >= 0) {
            fresh.clear(book);
        } else {
            BitSet absent = new BitSet();
            absent.set(0, bookCount);
            absent.andNot(inSwarm);
            book = firstNotIn(absent, known);
            if (book < 0) {
                return -1;
            }
        }
        known.set(book);
        unserved.get(downloader).set(book);
        return book;
    }

    private static int firstNotIn(BitSet books, BitSet known) {
        int book = books.nextSetBit(0);
        while (book >= 0 && known.get(book)) {
            book = books.nextSetBit(book + 1);
        }
        return book;
    }
}
