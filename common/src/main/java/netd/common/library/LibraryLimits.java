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
    // A netd library (PROTOCOL-EXTENSIONS.md): larger books, more of them, folders.
    /** The value of a netd library's {@code netd} key: the version of the extension this program reads. */
    public static final int NETD_VERSION = 1;
    /** The smallest netd book: the original's. */
    public static final int NETD_MIN_BOOK_SIZE = 16 << 10;
    /** The largest netd book: 16 MiB, so that a few in flight per link stay within a player's memory. */
    public static final int NETD_MAX_BOOK_SIZE = 16 << 20;
    /** Books of a netd library: 64 GiB at 16 KiB books, 64 TiB at 16 MiB; a bitfield of 512 KiB. */
    public static final int MAX_NETD_BOOKS = 1 << 22;
    /** Files of a netd folder. */
    public static final int MAX_NETD_FILES = 1 << 20;
    /** The book count {@code BOOK_SIZE auto} keeps under, when the original's limits cannot be kept. */
    public static final int AUTO_MAX_BOOKS = 1 << 16;
    /**
     * A library file is small (20 bytes a book, and a netd folder's paths); anything much larger
     * is not one: the pieces of {@link #MAX_NETD_BOOKS} and 16 MiB of paths.
     */
    public static final int MAX_LIBRARY_FILE_BYTES = MAX_NETD_BOOKS * 20 + (16 << 20);

    private LibraryLimits() {
    }

    /** ceil(length / bookSize), without the overflow of {@code length + bookSize - 1} near Long.MAX_VALUE. */
    public static long bookCount(long length, int bookSize) {
        return Math.ceilDiv(length, bookSize);
    }
}
