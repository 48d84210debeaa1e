package netd.librarifier;

import netd.common.library.LibraryFormat;
import netd.common.library.LibraryLimits;
import netd.common.library.NetdInfo;
import netd.common.library.StuffLayout;

/**
 * Which book size and which format a stuff gets. The original format whenever it can hold the
 * stuff (one file, within PROTOCOL.md §7), so that nothing changes for what worked before;
 * a netd library otherwise (PROTOCOL-EXTENSIONS.md).
 *
 * @param bookSize bytes per book
 * @param netd     whether the library is a netd library
 */
public record BookSizeChoice(int bookSize, boolean netd) {
    /** What BOOK_SIZE {@code auto} stands for. */
    public static final int AUTO = 0;

    /**
     * The choice for {@code layout} with the requested book size, or {@link #AUTO}: 16 KiB when
     * original players can use the library (one file of at most 131,104 books), else the
     * smallest power of two that keeps the books at most {@link LibraryLimits#AUTO_MAX_BOOKS}.
     *
     * @throws IllegalArgumentException naming the limit the stuff breaks
     */
    public static BookSizeChoice of(StuffLayout layout, int requested) {
        long length = layout.length();
        if (requested == AUTO) {
            if (!layout.folder() && LibraryLimits.bookCount(length, LibraryLimits.ORIGINAL_BOOK_SIZE)
                    <= LibraryLimits.ORIGINAL_MAX_BOOKS) {
                return of(layout, LibraryLimits.ORIGINAL_BOOK_SIZE);
            }
            int size = LibraryLimits.NETD_MIN_BOOK_SIZE;
            while (size < LibraryLimits.NETD_MAX_BOOK_SIZE && LibraryLimits.bookCount(length, size) > LibraryLimits.AUTO_MAX_BOOKS) {
                size *= 2;
            }
            return of(layout, size);
        }
        if (!layout.folder() && LibraryFormat.problem(length, requested) == null) {
            return new BookSizeChoice(requested, false);
        }
        String problem = NetdInfo.problem(length, requested);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new BookSizeChoice(requested, true);
    }
}
