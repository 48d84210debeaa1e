package netd.common.library;

/** The bounds that follow from the framing (PROTOCOL.md §7) and from the original's habits. */
public final class LibraryLimits {
    /** The only book size the original implementation accepts; the default. */
    public static final int ORIGINAL_BOOK_SIZE = 0x4000;
    /** A book message is at most 65535 bytes after the length field: id, 4-byte index, book. */
    public static final int MAX_BOOK_SIZE = 65535 - 5;
    /** A bitfield frame holds at most 65534 bytes of bits. */
    public static final int MAX_BOOKS = 65534 * 8;
    /** Original peers stop reading frames at 16389 bytes, so their bitfields hold fewer books. */
    public static final int ORIGINAL_MAX_BOOKS = (16389 - 1) * 8;
    /** A name is one path component; common file systems stop at 255 bytes. */
    public static final int MAX_NAME_BYTES = 255;
    /** A library file is small (20 bytes a book); anything much larger is not one. */
    public static final int MAX_LIBRARY_FILE_BYTES = MAX_BOOKS * 20 + 64 * 1024;

    private LibraryLimits() {
    }

    /** ceil(length / bookSize), without the overflow of {@code length + bookSize - 1} near Long.MAX_VALUE. */
    public static long bookCount(long length, int bookSize) {
        return Math.ceilDiv(length, bookSize);
    }
}
