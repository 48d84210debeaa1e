package netd.player.web;

import java.util.BitSet;

/**
 * The book map the web page draws: one cell per book, or per group of neighbouring books
 * when there are more than {@link #MAX_CELLS}, so that the page stays fast and its answer
 * small whatever the stuff's size. Each cell is one byte: how much of it is held, from 0
 * (none) to {@link #ALL_HELD}, or {@link #DOWNLOADING} when one of its books is being
 * downloaded.
 */
public record BookMap(int booksPerCell, byte[] cells) {
    /** 16,384 cells: a 100,000-book stuff is drawn in groups of 7. */
    public static final int MAX_CELLS = 16_384;
    public static final int ALL_HELD = 200;
    public static final int DOWNLOADING = 255;

    public static BookMap of(int bookCount, BitSet held, BitSet downloading) {
        int booksPerCell = Math.ceilDiv(bookCount, MAX_CELLS);
        int cellCount = Math.ceilDiv(bookCount, booksPerCell);
        byte[] cells = new byte[cellCount];
        for (int cell = 0; cell < cellCount; cell++) {
            int from = cell * booksPerCell;
            int to = Math.min(bookCount, from + booksPerCell);
            int heldInCell = held.get(from, to).cardinality();
            int nextDownloading = downloading.nextSetBit(from);
            boolean someDownloading = heldInCell < to - from && nextDownloading >= 0 && nextDownloading < to;
            int value = someDownloading ? DOWNLOADING : (int) ((long) ALL_HELD * heldInCell / (to - from));
            cells[cell] = (byte) value;
        }
        return new BookMap(booksPerCell, cells);
    }
}
