package netd.common.library;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BookHasherTest {
    private static final HostPort HUB = HostPort.parse("127.0.0.1/8001");
    private static final int BOOK = LibraryLimits.ORIGINAL_BOOK_SIZE;

    @TempDir
    Path directory;

    private Path fileOf(byte[] content) throws IOException {
        return Files.write(directory.resolve("stuff"), content);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    /** The hashes computed the slow, obvious way: one book after another. */
    private static byte[] expectedHashes(byte[] content, int bookSize) {
        int books = (content.length + bookSize - 1) / bookSize;
        byte[] hashes = new byte[books * 20];
        for (int i = 0; i < books; i++) {
            byte[] book = Arrays.copyOfRange(content, i * bookSize, Math.min(content.length, (i + 1) * bookSize));
            System.arraycopy(Sha1.of(book), 0, hashes, i * 20, 20);
        }
        return hashes;
    }

    @Test
    void hashesEveryBookOfAFileOfSeveralChunksWithAShortLastBook() throws IOException {
        // Over two chunks of work, so several threads share it, and not a whole number of books.
        byte[] content = random(2 * BookHasher.CHUNK_BYTES + 5 * BOOK + 1234);
        Path file = fileOf(content);
        AtomicLong progress = new AtomicLong();

        byte[] hashes = new BookHasher(3).hashAll(file, content.length, BOOK, progress::addAndGet);

        assertArrayEquals(expectedHashes(content, BOOK), hashes);
        assertEquals(content.length, progress.get());
    }

    @Test
    void oneThreadAndManyThreadsAgree() throws IOException {
        byte[] content = random(BookHasher.CHUNK_BYTES + 3 * 32768 + 1);
        Path file = fileOf(content);
        assertArrayEquals(new BookHasher(1).hashAll(file, content.length, 32768, BookHasher.Progress.NONE),
                new BookHasher(4).hashAll(file, content.length, 32768, BookHasher.Progress.NONE));
    }

    @Test
    void hashesBookSizesThatAreNotPowersOfTwo() throws IOException {
        byte[] content = random(100_000);
        assertArrayEquals(expectedHashes(content, 65530),
                BookHasher.withAllCores().hashAll(fileOf(content), content.length, 65530, BookHasher.Progress.NONE));
    }

    @Test
    void aFileSmallerThanABookIsOneBook() throws IOException {
        byte[] content = random(10);
        assertArrayEquals(Sha1.of(content),
                BookHasher.withAllCores().hashAll(fileOf(content), 10, BOOK, BookHasher.Progress.NONE));
    }

    @Test
    void hashesOnlyTheLengthAsked() throws IOException {
        byte[] content = random(3 * BOOK);
        byte[] hashes = BookHasher.withAllCores().hashAll(fileOf(content), 2 * BOOK, BOOK, BookHasher.Progress.NONE);
        assertArrayEquals(expectedHashes(Arrays.copyOf(content, 2 * BOOK), BOOK), hashes);
    }

    @Test
    void aFileShorterThanTheLengthIsAnError() throws IOException {
        Path file = fileOf(random(BOOK));
        EOFException e = assertThrows(EOFException.class,
                () -> new BookHasher(2).hashAll(file, 3L * BOOK, BOOK, BookHasher.Progress.NONE));
        assertEquals("the stuff ended at byte 16384, before the 49152 bytes expected; did it change while being read?",
                e.getMessage());
    }

    @Test
    void verifyFindsTheIntactBooksOfAFileInProgress() throws IOException {
        byte[] content = random(4 * BOOK + 100);
        Library library = LibraryFormat.create(HUB, "stuff", content.length, BOOK, expectedHashes(content, BOOK), null, null);
        byte[] partial = Arrays.copyOf(content, 3 * BOOK + 50);
        partial[BOOK + 7] ^= 1;

        AtomicLong progress = new AtomicLong();
        BitSet good = BookHasher.withAllCores().verify(fileOf(partial), library, progress::addAndGet);

        assertEquals(bits(0, 2), good);
        assertEquals(3 * BOOK, progress.get(), "only the whole books are read");
    }

    @Test
    void verifyOfTheWholeFileFindsEveryBookAndIgnoresExtraBytes() throws IOException {
        byte[] content = random(4 * BOOK + 100);
        Library library = LibraryFormat.create(HUB, "stuff", content.length, BOOK, expectedHashes(content, BOOK), null, null);
        byte[] longer = Arrays.copyOf(content, content.length + 10);

        assertEquals(bits(0, 1, 2, 3, 4), BookHasher.withAllCores().verify(fileOf(content), library));
        assertEquals(bits(0, 1, 2, 3, 4), BookHasher.withAllCores().verify(fileOf(longer), library));
        assertEquals(new BitSet(), BookHasher.withAllCores().verify(fileOf(new byte[0]), library));
    }

    private static BitSet bits(int... indexes) {
        BitSet set = new BitSet();
        Arrays.stream(indexes).forEach(set::set);
        return set;
    }
}
