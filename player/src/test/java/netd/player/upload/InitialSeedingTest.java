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
    void onceNoBookIsLeftBooksOfferedToOthersAndServedToNobodyAreOfferedAgain() {
        InitialSeeding<String> seeding = new InitialSeeding<>(2 * AHEAD);
        BitSet a = seeding.opened("a");
        BitSet b = seeding.opened("b");
        int again = seeding.served("a", a.nextSetBit(0));
        assertTrue(b.get(again), "offered to a: " + again);
        assertFalse(seeding.isOver());
    }

    @Test
    void aDownloaderThatIsNotInterestedHoldsWhatItWasOfferedAndIsOfferedMore() {
        InitialSeeding<String> seeding = new InitialSeeding<>(3 * AHEAD);
        BitSet a = seeding.opened("a");
        BitSet more = seeding.notInterested("a");
        assertEquals(AHEAD, more.cardinality());
        assertFalse(more.intersects(a));
        BitSet b = seeding.opened("b");
        assertFalse(b.intersects(a) || b.intersects(more), "b was offered books a has or was offered");
    }

    @Test
    void onceEveryBookIsInTheSwarmEachDownloaderHearsOfTheRestInBatches() {
        int books = 2 * AHEAD;
        InitialSeeding<String> seeding = new InitialSeeding<>(books);
        BitSet a = seeding.opened("a");
        seeding.opened("b");
        // b holds its books; it is offered a's, which nobody holds yet.
        assertEquals(a, seeding.notInterested("b"));
        a.stream().forEach(book -> seeding.served("a", book));
        assertTrue(seeding.isOver());
        assertEquals(-1, seeding.served("a", 0));
        BitSet first = seeding.reveal("a", 10);
        assertEquals(10, first.cardinality());
        assertFalse(first.intersects(a));
        assertFalse(seeding.isDone(), "a has not heard of every book");
        assertEquals(AHEAD - 10, seeding.reveal("a", books).cardinality());
        assertEquals(0, seeding.reveal("b", books).cardinality(), "b heard of every book already");
        assertTrue(seeding.isDone());
        assertEquals(books, seeding.opened("late").cardinality(), "a downloader coming later hears of every book");
    }

    @Test
    void aStuffSmallerThanAnOfferIsOfferedWholeToEach() {
        InitialSeeding<String> seeding = new InitialSeeding<>(3);
        assertEquals(3, seeding.opened("a").cardinality());
        assertEquals(3, seeding.opened("b").cardinality());
        seeding.served("a", 0);
        seeding.served("a", 1);
        assertFalse(seeding.isOver());
        seeding.served("b", 2);
        assertTrue(seeding.isOver());
    }
}
