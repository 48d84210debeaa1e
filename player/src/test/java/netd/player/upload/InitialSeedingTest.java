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
    void aChokedDownloaderIsOfferedOneBookAndABatchOnceUnchoked() {
        InitialSeeding<String> seeding = new InitialSeeding<>(10 * AHEAD);
        BitSet a = seeding.opened("a");
        assertEquals(PlayerTuning.OFFERED_TO_CHOKED, a.cardinality());
        BitSet more = seeding.unchoked("a");
        assertFalse(more.intersects(a));
        a.or(more);
        assertEquals(AHEAD, a.cardinality());
        assertEquals(1, seeding.offers(a.nextSetBit(0), true));
        assertEquals(0, seeding.offers(a.nextSetBit(0), false));
        assertTrue(seeding.unchoked("a").isEmpty(), "unchoked twice: nothing more");
    }

    @Test
    void unchokedDownloadersAreOfferedBooksNoOtherWasOffered() {
        InitialSeeding<String> seeding = new InitialSeeding<>(10 * AHEAD);
        BitSet a = openedAndUnchoked(seeding, "a");
        BitSet b = openedAndUnchoked(seeding, "b");
        assertEquals(AHEAD, b.cardinality());
        assertFalse(a.intersects(b));
        BitSet next = seeding.served("a", a.nextSetBit(0));
        assertEquals(1, next.cardinality(), "one more for each book served");
        assertFalse(next.intersects(a) || next.intersects(b), "offered again: " + next);
    }

    @Test
    void aDownloaderServedFastIsOfferedItsPaceAheadUpToTheDeepestPipeline() {
        InitialSeeding<String> seeding = new InitialSeeding<>(10 * PlayerTuning.MAX_DEPTH);
        BitSet a = openedAndUnchoked(seeding, "a");
        // Served so many in a tick that BUSY_MILLIS of that pace is ten books more than the batch.
        seeding.servedLastTick("a", (int) Math.ceilDiv((AHEAD + 10) * PlayerTuning.TICK_MILLIS, PlayerTuning.BUSY_MILLIS));
        BitSet more = seeding.served("a", a.nextSetBit(0));
        assertEquals(11, more.cardinality(), "served one, and ten more ahead at this pace");
        a.or(more);
        seeding.servedLastTick("a", 1_000_000);
        more = seeding.served("a", a.nextSetBit(1));
        assertFalse(more.intersects(a));
        assertEquals(PlayerTuning.MAX_DEPTH - AHEAD - 10 + 1, more.cardinality(), "never more than a downloader keeps in flight");

        BitSet b = openedAndUnchoked(seeding, "b");
        seeding.servedLastTick("b", 1);
        assertEquals(1, seeding.served("b", b.nextSetBit(0)).cardinality(), "a slow one keeps the batch");
        seeding.servedLastTick("a", 0);
        assertEquals(0, seeding.served("a", a.nextSetBit(2)).cardinality(), "a slowed down: back to the batch");
    }

    /**
     * The defect the simulator found (scripts/simulate.sh --players 200 --size 4 --arrival poisson:20
     * --seeder-leaves-after 1.5 --seed 11): an offer counted as a copy out, so a book offered to a
     * downloader that asked for others first was offered to nobody else while books served already
     * went out again, and the seeder left before it had sent that book once.
     */
    @Test
    void aBookOfferedToADownloaderThatNeverAsksForItGoesOutBeforeAnyBookGoesTwice() {
        int books = 2 * AHEAD;
        InitialSeeding<String> seeding = new InitialSeeding<>(books);
        BitSet a = openedAndUnchoked(seeding, "a");
        int neverAsked = a.nextSetBit(0);
        // a asks for every other book it is offered, as they are offered.
        BitSet waiting = (BitSet) a.clone();
        waiting.clear(neverAsked);
        while (!waiting.isEmpty()) {
            int book = waiting.nextSetBit(0);
            waiting.clear(book);
            BitSet offer = seeding.served("a", book);
            waiting.or(offer);
            a.or(offer);
        }
        assertEquals(books, a.cardinality(), "a heard of every book");
        assertEquals(0, seeding.copies(neverAsked));

        BitSet b = openedAndUnchoked(seeding, "b");
        BitSet c = openedAndUnchoked(seeding, "c");
        assertEquals(BitSet.valueOf(new long[] {1L << neverAsked}), b, "b is offered only the book not out");
        assertEquals(b, c, "c too, while choked");

        BitSet after = seeding.served("b", neverAsked);
        assertEquals(1, seeding.copies(neverAsked));
        assertEquals(AHEAD, after.cardinality(), "every book is out once: b hears of a batch");
        assertFalse(after.get(neverAsked));
    }

    @Test
    void booksOfferedToADownloaderThatLeftUnservedGoToOthers() {
        InitialSeeding<String> seeding = new InitialSeeding<>(2 * AHEAD);
        BitSet a = openedAndUnchoked(seeding, "a");
        int served = a.nextSetBit(0);
        seeding.served("a", served);
        seeding.closed("a");
        BitSet b = openedAndUnchoked(seeding, "b");
        BitSet c = openedAndUnchoked(seeding, "c");
        assertFalse(b.get(served) || c.get(served), "the book served already comes after every other");
        assertFalse(b.intersects(c));
        BitSet both = (BitSet) b.clone();
        both.or(c);
        assertEquals(2 * AHEAD - 1, both.cardinality(), "every book but the one served to a is offered to b or c");
    }

    @Test
    void booksOfferedToADownloaderChokedSinceGoToAnUnchokedOne() {
        int books = 2 * AHEAD + 1;
        InitialSeeding<String> seeding = new InitialSeeding<>(books);
        BitSet a = openedAndUnchoked(seeding, "a");
        seeding.choked("a");
        BitSet b = openedAndUnchoked(seeding, "b");
        assertFalse(b.intersects(a), "fresh books first");
        BitSet c = openedAndUnchoked(seeding, "c");
        BitSet fresh = new BitSet();
        fresh.set(0, books);
        fresh.andNot(a);
        fresh.andNot(b);
        assertTrue(c.intersects(fresh), "the book nobody was offered: " + fresh);
        BitSet rest = (BitSet) c.clone();
        rest.andNot(fresh);
        assertEquals(AHEAD - 1, rest.cardinality());
        assertTrue(rest.stream().allMatch(a::get), "then what a, choked now, was offered and not served");
    }

    @Test
    void onceEveryBookWentOutTheOnesWithFewestCopiesAreOfferedNext() {
        int books = 2 * AHEAD;
        InitialSeeding<String> seeding = new InitialSeeding<>(books);
        BitSet a = openedAndUnchoked(seeding, "a");
        for (int book = a.nextSetBit(0); book >= 0; book = a.nextSetBit(book + 1)) {
            a.or(seeding.served("a", book));
        }
        assertEquals(books, a.cardinality(), "a was offered and served every book");
        BitSet b = openedAndUnchoked(seeding, "b");
        BitSet c = openedAndUnchoked(seeding, "c");
        assertFalse(b.intersects(c), "c was offered books b was offered while others were offered to nobody");
        b.or(c);
        assertEquals(books, b.cardinality());
        seeding.served("b", 0);
        seeding.served("b", 1);
        BitSet d = seeding.opened("d");
        assertFalse(d.get(0) || d.get(1), "books with two copies out come last");
    }

    @Test
    void aDownloaderThatIsNotInterestedHoldsWhatItWasOfferedAndIsOfferedMore() {
        InitialSeeding<String> seeding = new InitialSeeding<>(3 * AHEAD);
        BitSet a = openedAndUnchoked(seeding, "a");
        BitSet more = seeding.notInterested("a");
        assertEquals(AHEAD, more.cardinality());
        assertFalse(more.intersects(a));
        assertEquals(1, seeding.copies(a.nextSetBit(0)), "what a holds is a copy out");
        BitSet b = openedAndUnchoked(seeding, "b");
        assertFalse(b.intersects(a) || b.intersects(more), "b was offered books a has or was offered");
    }

    @Test
    void aDownloaderStillNotInterestedHearsOfMoreAtEachTickAndOfEveryBookOnceEachWentOut() {
        int books = 5 * AHEAD;
        InitialSeeding<String> seeding = new InitialSeeding<>(books);
        BitSet heard = seeding.opened("a");
        heard.or(seeding.notInterested("a"));
        assertEquals(2 * PlayerTuning.OFFERED_TO_CHOKED, heard.cardinality(), "choked: one book at a time while some are not out");
        assertTrue(seeding.stillNotInterested("b", books).isEmpty(), "b never connected");
        BitSet tick = seeding.stillNotInterested("a", books);
        assertEquals(PlayerTuning.OFFERED_TO_CHOKED, tick.cardinality());
        assertFalse(tick.intersects(heard));
        heard.or(tick);

        // Another downloader takes every book not out yet.
        BitSet c = openedAndUnchoked(seeding, "c");
        for (int book = c.nextSetBit(0); book >= 0; book = c.nextSetBit(book + 1)) {
            c.or(seeding.served("c", book));
        }
        BitSet batch = seeding.stillNotInterested("a", 2 * AHEAD);
        assertEquals(2 * AHEAD, batch.cardinality(), "every book is out: as many as the link takes at once");
        heard.or(batch);
        heard.or(seeding.stillNotInterested("a", books));
        assertEquals(books, heard.cardinality(), "then every book left");
        assertTrue(seeding.stillNotInterested("a", books).isEmpty(), "it heard of every book");
        seeding.interested("a");
        assertTrue(seeding.stillNotInterested("a", books).isEmpty(), "interested again");
        seeding.closed("a");
        assertTrue(seeding.stillNotInterested("a", books).isEmpty());
    }

    @Test
    void onceEveryBookWentOutADownloaderThatIsNotInterestedIsOfferedTheBooksServedLast() {
        int books = 4 * AHEAD;
        InitialSeeding<String> seeding = new InitialSeeding<>(books);
        BitSet a = openedAndUnchoked(seeding, "a");
        for (int book = 0; book < books; book++) {
            a.or(seeding.served("a", book));
        }
        seeding.served("a", 5);
        BitSet b = openedAndUnchoked(seeding, "b");
        assertEquals(AHEAD, b.cardinality());
        assertFalse(b.get(5), "book 5 has two copies out");

        BitSet offered = seeding.notInterested("b");
        BitSet servedLast = new BitSet();
        servedLast.set(5);
        servedLast.set(books - AHEAD + 1, books);
        assertEquals(servedLast, offered, "the books served last that b was not told of, not the next in book order");
        assertEquals(2, seeding.copies(0), "what b held without asking the seeder is a copy out");
        assertEquals(1, seeding.offers(books - 1, true));
        BitSet atTick = seeding.stillNotInterested("b", books);
        assertEquals(books - 2 * AHEAD, atTick.cardinality(), "still not interested at the tick: every book left");
        assertFalse(atTick.intersects(offered) || atTick.intersects(b));
    }

    @Test
    void anIdleDownloaderHearsOfABatchOfBooksNotOutThenOfAllItMayAskFor() {
        int books = 4 * AHEAD;
        InitialSeeding<String> seeding = new InitialSeeding<>(books);
        BitSet a = openedAndUnchoked(seeding, "a");
        BitSet idle = seeding.idle("a", books);
        assertEquals(AHEAD, idle.cardinality(), "a batch while some are not out");
        assertTrue(idle.stream().allMatch(book -> seeding.copies(book) == 0));
    }

    @Test
    void twoUnchokedDownloadersOfASmallStuffAreNotOfferedTheSameBookUntilEachWentOut() {
        InitialSeeding<String> seeding = new InitialSeeding<>(3);
        BitSet a = openedAndUnchoked(seeding, "a");
        assertEquals(3, a.cardinality());
        BitSet b = seeding.opened("b");
        assertEquals(1, b.cardinality(), "a choked one may be offered what an unchoked one was");
        assertTrue(seeding.unchoked("b").isEmpty(), "unchoked, nothing more while a may ask for every book");
        assertTrue(seeding.served("a", 0).isEmpty());
        assertTrue(seeding.served("a", 1).isEmpty());
        assertEquals(1, seeding.copies(0));
        seeding.served("a", 2);
        BitSet rest = seeding.idle("b", 3);
        rest.or(b);
        assertEquals(3, rest.cardinality(), "every book is out: b hears of the rest");
    }

    /** {@code downloader} connects and is unchoked: every book it was offered. */
    private static BitSet openedAndUnchoked(InitialSeeding<String> seeding, String downloader) {
        BitSet offered = seeding.opened(downloader);
        offered.or(seeding.unchoked(downloader));
        return offered;
    }
}
