package netd.player.upload;

import netd.player.PlayerTuning;
import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitialSeedingTest {
    private static final int AHEAD = PlayerTuning.OFFERED_AHEAD;

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
        assertFalse(b.get(served) || c.get(served), "the book served already comes after every other");
        BitSet both = (BitSet) b.clone();
        both.or(c);
        assertEquals(2 * AHEAD - 1, both.cardinality(), "every book but the one served to a is offered to b or c");
    }

    @Test
    void booksOfferedOnlyToAChokedDownloaderAreOfferedBeforeBooksServedAlready() {
        InitialSeeding<String> seeding = new InitialSeeding<>(2 * AHEAD);
        BitSet a = seeding.opened("a");
        seeding.unchoked("a");
        BitSet b = seeding.opened("b"); // choked: it may wait long for a slot
        int next = seeding.served("a", a.nextSetBit(0));
        assertTrue(b.get(next), "offered to b only: " + next);
        seeding.choked("a");
        seeding.unchoked("b");
        BitSet c = seeding.opened("c");
        BitSet onlyOffered = (BitSet) a.clone();
        onlyOffered.clear(a.nextSetBit(0));
        onlyOffered.andNot(c);
        assertTrue(onlyOffered.isEmpty(), "c is offered first what a, choked now, was offered and not served");
    }

    @Test
    void onceEveryBookWentOutTheOnesWithFewestCopiesAreOfferedNext() {
        InitialSeeding<String> seeding = new InitialSeeding<>(2 * AHEAD);
        BitSet a = seeding.opened("a");
        seeding.unchoked("a");
        for (int book = a.nextSetBit(0); book >= 0; book = a.nextSetBit(book + 1)) {
            int offer = seeding.served("a", book);
            if (offer >= 0) {
                a.set(offer);
            }
        }
        assertEquals(2 * AHEAD, a.cardinality(), "a was offered and served every book");
        BitSet b = seeding.opened("b");
        BitSet c = seeding.opened("c");
        assertFalse(b.intersects(c), "c was offered books with a copy more while others had fewer");
        b.or(c);
        assertEquals(2 * AHEAD, b.cardinality());
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
    void aDownloaderStillNotInterestedAtTheNextTickHearsOfEveryBookLeft() {
        InitialSeeding<String> seeding = new InitialSeeding<>(5 * AHEAD);
        BitSet heard = seeding.opened("a");
        seeding.opened("b");
        heard.or(seeding.notInterested("a"));
        assertEquals(2 * AHEAD, heard.cardinality(), "a batch at once");
        assertTrue(seeding.stillNotInterested("b", 5 * AHEAD).isEmpty(), "b never said it is not interested");
        BitSet tick = seeding.stillNotInterested("a", 2 * AHEAD);
        assertEquals(2 * AHEAD, tick.cardinality(), "as many as the link takes at once");
        assertFalse(tick.intersects(heard));
        heard.or(tick);
        heard.or(seeding.stillNotInterested("a", 5 * AHEAD));
        assertEquals(5 * AHEAD, heard.cardinality(), "then every book left");
        assertTrue(seeding.stillNotInterested("a", 5 * AHEAD).isEmpty(), "it heard of every book");
        seeding.interested("a");
        seeding.closed("a");
        assertTrue(seeding.stillNotInterested("a", 5 * AHEAD).isEmpty());
    }

    @Test
    void aStuffSmallerThanAnOfferIsOfferedWholeToEach() {
        InitialSeeding<String> seeding = new InitialSeeding<>(3);
        assertEquals(3, seeding.opened("a").cardinality());
        assertEquals(3, seeding.opened("b").cardinality());
        assertEquals(-1, seeding.served("a", 0), "nothing left to offer");
        assertEquals(3, seeding.halfCopies(0), "served once, and offered to b, choked");
    }
}
