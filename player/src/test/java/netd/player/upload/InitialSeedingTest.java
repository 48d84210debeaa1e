package netd.player.upload;

import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitialSeedingTest {
    private static final int AHEAD = InitialSeeding.OFFERED_AHEAD;

    @Test
    void eachDownloaderIsOfferedBooksNobodyElseWasOffered() {
        InitialSeeding<String> seeding = new InitialSeeding<>(10 * AHEAD);
        BitSet a = seeding.opened("a");
        BitSet b = seeding.opened("b");
        assertEquals(AHEAD, a.cardinality());
        assertEquals(AHEAD, b.cardinality());
        assertFalse(a.intersects(b));
        int next = seeding.served("a", a.nextSetBit(0));
        assertFalse(a.get(next) || b.get(next), "offered again: " + next);
        assertFalse(seeding.isOver());
    }

    @Test
    void booksOfferedToADownloaderThatLeftUnservedGoToOthers() {
        InitialSeeding<String> seeding = new InitialSeeding<>(2 * AHEAD);
        BitSet a = seeding.opened("a");
        int served = a.nextSetBit(0);
        seeding.served("a", served);
        seeding.closed("a");
        BitSet b = seeding.opened("b");
        BitSet c = seeding.opened("c");
        BitSet again = (BitSet) b.clone();
        again.or(c);
        assertFalse(again.get(served), "a book served already was offered again");
        assertEquals(2 * AHEAD - 1, again.cardinality(), "every book but the one served to a is offered to b or c");
    }

    @Test
    void onceEveryBookIsOfferedEachDownloaderHearsOfTheRestInBatches() {
        int books = 2 * AHEAD;
        InitialSeeding<String> seeding = new InitialSeeding<>(books);
        BitSet a = seeding.opened("a");
        seeding.opened("b");
        assertEquals(-1, seeding.served("a", a.nextSetBit(0)));
        assertTrue(seeding.isOver());
        BitSet first = seeding.reveal("a", 10);
        assertEquals(10, first.cardinality());
        assertFalse(first.intersects(a));
        BitSet rest = seeding.reveal("a", books);
        assertEquals(AHEAD - 10, rest.cardinality());
        assertFalse(seeding.isDone(), "b has not heard of a's books");
        assertEquals(AHEAD, seeding.reveal("b", books).cardinality());
        assertTrue(seeding.isDone());
        assertEquals(0, seeding.reveal("b", books).cardinality());
        assertEquals(books, seeding.opened("late").cardinality(), "a downloader coming later hears of every book");
    }

    @Test
    void aStuffSmallerThanAnOfferIsOfferedWhole() {
        InitialSeeding<String> seeding = new InitialSeeding<>(3);
        assertEquals(3, seeding.opened("a").cardinality());
        assertTrue(seeding.isOver());
        assertEquals(3, seeding.opened("b").cardinality());
    }
}
