package netd.player.web;

import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BookMapTest {
    private static BitSet books(int from, int to) {
        BitSet set = new BitSet();
        set.set(from, to);
        return set;
    }

    @Test
    void aSmallStuffHasOneCellPerBook() {
        BitSet held = books(0, 2);
        BitSet downloading = books(3, 4);
        BookMap map = BookMap.of(5, held, downloading);
        assertEquals(1, map.booksPerCell());
        assertArrayEquals(new byte[] {(byte) BookMap.ALL_HELD, (byte) BookMap.ALL_HELD, 0, (byte) BookMap.DOWNLOADING, 0},
                map.cells());
    }

    @Test
    void aBigStuffIsDrawnInGroupsThatSayHowMuchOfThemIsHeld() {
        int books = 100_000;
        BitSet held = books(0, 7);       // the whole first group of 7
        held.set(7, 10);                 // 3 of the second's 7
        BitSet downloading = books(14, 15); // one book of the third group
        BookMap map = BookMap.of(books, held, downloading);
        assertEquals(7, map.booksPerCell());
        assertEquals(14_286, map.cells().length);
        assertEquals(BookMap.ALL_HELD, map.cells()[0] & 0xff);
        assertEquals(BookMap.ALL_HELD * 3 / 7, map.cells()[1] & 0xff);
        assertEquals(BookMap.DOWNLOADING, map.cells()[2] & 0xff);
        assertEquals(0, map.cells()[3] & 0xff);
    }

    @Test
    void neverMoreCellsThanTheMaximumAndTheLastGroupMayBeShort() {
        int books = BookMap.MAX_CELLS * 3 + 1;
        BookMap map = BookMap.of(books, books(0, books), new BitSet());
        assertEquals(4, map.booksPerCell());
        assertEquals(Math.ceilDiv(books, 4), map.cells().length);
        for (byte cell : map.cells()) {
            assertEquals(BookMap.ALL_HELD, cell & 0xff);
        }
    }

    @Test
    void aHeldGroupIsNotShownAsDownloadingForABookBeingRewritten() {
        BookMap map = BookMap.of(2, books(0, 2), books(1, 2));
        assertEquals(BookMap.ALL_HELD, map.cells()[1] & 0xff);
    }
}
