package netd.player.pick;

import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BookPickerTest {
    private static BitSet books(int... indexes) {
        BitSet set = new BitSet();
        for (int i : indexes) {
            set.set(i);
        }
        return set;
    }

    private static BitSet all(int count) {
        BitSet set = new BitSet();
        set.set(0, count);
        return set;
    }

    @Test
    void theBooksBeingDownloadedAreThoseRequestedAndNotYetHeld() {
        BookPicker picker = new BookPicker(6, books(0));
        picker.requested(1);
        picker.requested(2);
        picker.requested(4);
        picker.held(2);
        picker.returned(4);
        assertEquals(books(1), picker.requestedBooks());
    }

    @Test
    void picksTheRarestBookThePeerHas() {
        BookPicker picker = new BookPicker(6, new BitSet());
        picker.peerGainedAll(all(6));          // a seeder: every book once
        picker.peerGainedAll(books(0, 1, 2, 4, 5)); // a leecher lacks book 3
        picker.peerGainedAll(books(0, 1, 2, 5));    // another lacks 3 and 4
        Random random = new Random(1);
        for (int i = 0; i < 50; i++) {
            assertEquals(3, picker.pick(all(6), random.nextInt(picker.bookCount())));
        }
        picker.requested(3);
        for (int i = 0; i < 50; i++) {
            assertEquals(4, picker.pick(all(6), random.nextInt(picker.bookCount())));
        }
    }

    @Test
    void anUploaderWithoutTheRarestBooksGetsAskedForTheRarestOfItsOwn() {
        BookPicker picker = new BookPicker(1000, new BitSet());
        picker.peerGainedAll(all(1000));           // the seeder: books 0-999 once
        BitSet leecher = books(5, 6, 7, 900);
        picker.peerGainedAll(leecher);              // a leecher: these four twice
        picker.peerGainedAll(books(6, 900));        // another: 6 and 900 three times
        Random random = new Random(3);
        Set<Integer> chosen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            chosen.add(picker.pick(leecher, random.nextInt(picker.bookCount())));
        }
        assertEquals(Set.of(5, 7), chosen, "the leecher's rarest books, both, and nothing it lacks");
        picker.requested(5);
        picker.requested(7);
        assertTrue(Set.of(6, 900).contains(picker.pick(leecher, random.nextInt(picker.bookCount()))));
        picker.requested(6);
        picker.requested(900);
        assertEquals(-1, picker.pick(leecher, random.nextInt(picker.bookCount())), "everything it has is requested");
        picker.returned(900);
        assertEquals(900, picker.pick(leecher, random.nextInt(picker.bookCount())));
    }

    @Test
    void breaksTiesAtRandomAmongEqualRarity() {
        BookPicker picker = new BookPicker(8, new BitSet());
        picker.peerGainedAll(all(8));
        Set<Integer> chosen = new HashSet<>();
        Random random = new Random(2);
        for (int i = 0; i < 400; i++) {
            chosen.add(picker.pick(all(8), random.nextInt(picker.bookCount())));
        }
        assertEquals(8, chosen.size(), "every equally rare book should be picked sometimes: " + chosen);
    }

    @Test
    void picksTheRarestFirstThenTheFirstTieFromThePointWrappingAround() {
        BookPicker picker = new BookPicker(8, new BitSet());
        picker.peerGainedAll(all(8));
        picker.peerGainedAll(books(0, 1, 2, 3, 4, 5)); // 6 and 7 are the rarest
        assertEquals(6, picker.pick(all(8), 0));
        assertEquals(7, picker.pick(all(8), 7));
        picker.requested(7);
        assertEquals(6, picker.pick(all(8), 7), "wraps around to the rarest left");
        picker.requested(6);
        assertEquals(3, picker.pick(all(8), 3), "then the next rarity, from the point");
        assertEquals(0, picker.pick(books(0, 1), 2), "wraps around within the peer's books");
        assertEquals(0, picker.pick(all(8), 8), "a point past the end starts at the first book");
    }

    @Test
    void neverPicksHeldOrRequestedBooksOrBooksThePeerLacks() {
        BookPicker picker = new BookPicker(5, books(0));
        picker.peerGainedAll(all(5));
        picker.requested(1);
        Random random = new Random(3);
        for (int i = 0; i < 100; i++) {
            int pick = picker.pick(books(0, 1, 2), random.nextInt(picker.bookCount()));
            assertEquals(2, pick);
        }
        assertEquals(-1, picker.pick(books(0, 1), random.nextInt(picker.bookCount())));
    }

    @Test
    void aReturnedRequestIsWantedAgainAndAHeldOneIsNot() {
        BookPicker picker = new BookPicker(2, new BitSet());
        picker.peerGainedAll(all(2));
        picker.requested(0);
        picker.requested(1);
        assertEquals(-1, picker.pick(all(2), new Random(4).nextInt(picker.bookCount())));
        picker.returned(0);
        assertEquals(0, picker.pick(all(2), new Random(4).nextInt(picker.bookCount())));
        picker.held(1);
        picker.returned(1);
        assertFalse(picker.isRequested(1));
        assertEquals(1, picker.wantedCount());
        picker.held(0);
        assertTrue(picker.isComplete());
        assertEquals(-1, picker.pick(all(2), new Random(4).nextInt(picker.bookCount())));
    }

    @Test
    void availabilityFallsWhenAnUploaderLeaves() {
        BookPicker picker = new BookPicker(3, new BitSet());
        picker.peerGainedAll(books(0, 1, 2));
        picker.peerGainedAll(books(0, 1));
        picker.peerGainedAll(books(1));
        assertEquals(2, picker.pick(all(3), new Random(5).nextInt(picker.bookCount())));
        picker.requested(2);
        // Book 0 is held by two uploaders, book 1 by three: 0 is rarer.
        assertEquals(0, picker.pick(all(3), new Random(5).nextInt(picker.bookCount())));
        picker.peerLostAll(books(0, 1));
        picker.peerGained(0);
        picker.peerGained(0);
        // Now 0 is held by three, 1 by two.
        assertEquals(1, picker.pick(all(3), new Random(5).nextInt(picker.bookCount())));
        assertEquals(3, picker.availability(0));
    }

    @Test
    void needsAnyOfIgnoresBooksAlreadyHeld() {
        BookPicker picker = new BookPicker(4, books(0, 1));
        assertFalse(picker.needsAnyOf(books(0, 1)));
        assertTrue(picker.needsAnyOf(books(1, 3)));
    }

    @Test
    void picksEveryBookExactlyOnceUntilComplete() {
        int count = 1000;
        BookPicker picker = new BookPicker(count, new BitSet());
        picker.peerGainedAll(all(count));
        Random random = new Random(6);
        BitSet picked = new BitSet();
        int pick;
        while ((pick = picker.pick(all(count), random.nextInt(picker.bookCount()))) >= 0) {
            assertFalse(picked.get(pick), "book " + pick + " picked twice");
            picked.set(pick);
            picker.requested(pick);
            picker.held(pick);
        }
        assertEquals(count, picked.cardinality());
        assertTrue(picker.isComplete());
    }

    @Test
    void noBookIsRequestedTwiceBeforeTheEndgameAndEveryBookFinishesAfter() {
        int count = 64;
        BookPicker picker = new BookPicker(count, new BitSet());
        picker.peerGainedAll(all(count));
        picker.peerGainedAll(all(count));
        Random random = new Random(7);
        int[] asked = new int[count];
        // Two uploaders take turns until nothing is wanted: no endgame pick may happen before.
        Set<Integer> askedOfA = new HashSet<>();
        Set<Integer> askedOfB = new HashSet<>();
        int pick;
        boolean turnA = true;
        while ((pick = picker.pick(all(count), random.nextInt(picker.bookCount()))) >= 0) {
            assertFalse(picker.isEndgame(), "endgame before every book was asked");
            assertEquals(-1, picker.pickEndgame(all(count), Set.of(), random), "endgame before every book was asked");
            picker.requested(pick);
            asked[pick]++;
            (turnA ? askedOfA : askedOfB).add(pick);
            turnA = !turnA;
        }
        for (int n : asked) {
            assertEquals(1, n);
        }
        assertTrue(picker.isEndgame());
        // Endgame: uploader B is asked for what only A was asked, once each, and never for its own.
        Set<Integer> endgameOfB = new HashSet<>();
        while ((pick = picker.pickEndgame(all(count), askedOfB, random)) >= 0) {
            assertFalse(askedOfB.contains(pick));
            assertTrue(askedOfA.contains(pick));
            picker.requested(pick);
            askedOfB.add(pick);
            endgameOfB.add(pick);
        }
        assertEquals(askedOfA, endgameOfB);
        // The first copy of each book completes it; the other request is then moot.
        for (int i = 0; i < count; i++) {
            picker.held(i);
        }
        assertTrue(picker.isComplete());
        assertFalse(picker.isEndgame(), "nothing is missing: no endgame");
        assertEquals(-1, picker.pickEndgame(all(count), Set.of(), random));
    }

    @Test
    void aBookAskedOfTwoIsWantedAgainOnlyWhenBothRequestsFail() {
        BookPicker picker = new BookPicker(1, new BitSet());
        picker.peerGainedAll(all(1));
        picker.requested(0);
        assertEquals(0, picker.pickEndgame(all(1), Set.of(), new Random(8)));
        picker.requested(0);
        picker.returned(0);
        assertEquals(-1, picker.pick(all(1), new Random(8).nextInt(picker.bookCount())), "still requested from the other uploader");
        picker.returned(0);
        assertEquals(0, picker.pick(all(1), new Random(8).nextInt(picker.bookCount())));
    }
}
