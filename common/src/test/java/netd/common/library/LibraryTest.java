package netd.common.library;

import netd.common.ProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibraryTest {
    private static final HostPort HUB = HostPort.parse("127.0.0.1/8001");
    private static final int BOOK = LibraryLimits.ORIGINAL_BOOK_SIZE;

    @Test
    void booksOfAStuffOverFourGibibytesHaveSixtyFourBitOffsets() throws ProtocolException {
        long length = 5L * (1L << 30) + 123;
        int books = 327_681;
        Library library = LibraryFormat.parse(LibraryFormat.write(
                LibraryFormat.create(HUB, "big.iso", length, BOOK, new byte[books * Library.HASH_LENGTH], null, null)));

        assertEquals(length, library.length());
        assertEquals(books, library.bookCount());
        assertEquals(5L * (1L << 30), library.bookOffset(books - 1));
        assertEquals(123, library.bookLength(books - 1));
        assertEquals((long) (books - 2) * BOOK, library.bookOffset(books - 2));
        assertEquals(BOOK, library.bookLength(books - 2));
        // Book 262144 starts exactly at 4 GiB, where a 32-bit offset would wrap to 0.
        assertEquals(1L << 32, library.bookOffset(262_144));
    }

    @Test
    void aStuffThatIsAWholeNumberOfBooksEndsWithAFullBook() {
        Library library = LibraryFormat.create(HUB, "a", 3L * BOOK, BOOK, new byte[60], null, null);
        assertEquals(3, library.bookCount());
        assertEquals(BOOK, library.bookLength(2));
        assertEquals(2L * BOOK, library.bookOffset(2));
    }

    @Test
    void aOneByteStuffIsOneBookOfOneByte() {
        Library library = LibraryFormat.create(HUB, "a", 1, BOOK, new byte[20], null, null);
        assertEquals(1, library.bookCount());
        assertEquals(1, library.bookLength(0));
    }

    @Test
    void indexesOutsideTheStuffAreRefused() {
        Library library = LibraryFormat.create(HUB, "a", 2L * BOOK, BOOK, new byte[40], null, null);
        assertTrue(library.isValidIndex(1));
        assertFalse(library.isValidIndex(2));
        assertFalse(library.isValidIndex(-1));
        assertFalse(library.isValidIndex(1L << 32));
        assertThrows(IndexOutOfBoundsException.class, () -> library.bookOffset(2));
        assertThrows(IndexOutOfBoundsException.class, () -> library.bookLength(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> library.hashMatches(2, new byte[20]));
    }

    @Test
    void verifiesABookAgainstItsHash() {
        byte[] first = new byte[BOOK];
        Arrays.fill(first, (byte) 1);
        byte[] last = {1, 2, 3};
        byte[] pieces = new byte[40];
        System.arraycopy(Sha1.of(first), 0, pieces, 0, 20);
        System.arraycopy(Sha1.of(last), 0, pieces, 20, 20);
        Library library = LibraryFormat.create(HUB, "a", BOOK + 3, BOOK, pieces, null, null);

        assertTrue(library.verifies(0, ByteBuffer.wrap(first)));
        ByteBuffer behindAByte = ByteBuffer.wrap(new byte[] {9, 1, 2, 3}, 1, 3);
        assertTrue(library.verifies(1, behindAByte));
        assertEquals(1, behindAByte.position(), "hashing does not move the buffer");
        assertFalse(library.verifies(1, ByteBuffer.wrap(first, 0, 3)));
        assertFalse(library.verifies(0, ByteBuffer.wrap(first, 0, BOOK - 1)));
        // A book outside the heap, as a player receives it, after failures on the same thread.
        ByteBuffer outside = ByteBuffer.allocateDirect(BOOK).put(first).flip();
        assertTrue(library.verifies(0, outside));
        assertFalse(library.verifies(1, outside.slice(0, 3)));
        assertTrue(library.verifies(1, ByteBuffer.allocateDirect(3).put(last).flip()));
        assertTrue(library.hashMatches(1, Sha1.of(last)));
        assertFalse(library.hashMatches(1, Sha1.of(first)));
        assertFalse(library.hashMatches(1, new byte[19]));
    }

    @Test
    void theHashesCannotBeChangedFromOutside() {
        byte[] pieces = new byte[20];
        Library library = LibraryFormat.create(HUB, "a", 1, BOOK, pieces, null, null);
        pieces[0] = 1;
        library.pieceHashes()[1] = 1;
        assertTrue(library.hashMatches(0, new byte[20]));
    }
}
