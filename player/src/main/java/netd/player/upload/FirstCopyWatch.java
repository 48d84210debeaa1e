package netd.player.upload;

import java.util.BitSet;

/**
 * Whether a seeder sent every book once before it sent any twice ({@link InitialSeeding}'s
 * aim), as a run can tell: it counts the books sent until each of them was sent once, those
 * among them sent twice already, and the time that took from the first. The seeder logs it
 * once, so that a benchmark (scripts/bench-netlab.sh) tells the copies a seeder sent while the
 * first copy was going out from those it sent after, to players that lacked books still.
 */
public final class FirstCopyWatch {
    private final BitSet sent = new BitSet();
    private final int bookCount;
    /** Books sent at least once: counted, since BitSet.cardinality walks the whole set (millions of books) at every send. */
    private int sentOnce;
    private int sends;
    private int sentTwice;
    private long firstAt = -1;
    private long doneAt = -1;

    public FirstCopyWatch(int bookCount) {
        this.bookCount = bookCount;
    }

    /**
     * Book {@code index} was sent at {@code now} (millis). True once: when this send was the
     * last book's first, so that every book has now been sent.
     */
    public boolean sent(int index, long now) {
        if (doneAt >= 0) {
            return false;
        }
        if (firstAt < 0) {
            firstAt = now;
        }
        sends++;
        if (sent.get(index)) {
            sentTwice++;
            return false;
        }
        sent.set(index);
        if (++sentOnce < bookCount) {
            return false;
        }
        doneAt = now;
        return true;
    }

    /** Books sent until every book was sent once (or so far, before), repeats included. */
    public int sends() {
        return sends;
    }

    /** Of {@link #sends}, those of a book sent before. */
    public int sentTwice() {
        return sentTwice;
    }

    /** Millis from the first send to the one that completed the first copy; -1 before. */
    public long millis() {
        return doneAt < 0 ? -1 : doneAt - firstAt;
    }
}
