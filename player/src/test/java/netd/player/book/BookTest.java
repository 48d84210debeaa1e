package netd.player.book;

import netd.common.library.BookHasher;
import netd.common.library.Library;
import netd.common.testing.TestStuff;
import netd.common.wire.BufferPool;
import netd.common.wire.PeerMessage.BookData;
import netd.player.PlayerTuning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The book file's thread: batched reads and writes on a real file. */
@Timeout(30)
class BookTest {
    private static final int BOOK_SIZE = 1024;
    private static final int BOOKS = 200;

    @TempDir
    Path directory;
    private final byte[] stuff = TestStuff.bytes(BOOK_SIZE * BOOKS - 100);
    private final Library library = TestStuff.library(stuff, BOOK_SIZE);
    private final Reports reports = new Reports();

    private Path path() {
        return directory.resolve("stuff.bin");
    }

    /** A new, empty book file of {@link #stuff}, its thread started and reporting to {@link #reports}. */
    private Book started() throws IOException {
        Book book = Book.open(path(), directory, library, BookHasher.Progress.NONE);
        book.start(reports);
        return book;
    }

    /** Records what the book reports. */
    /** Book {@code index} as a view into {@code stuff}, positioned where the book starts, as a decoded frame's is. */
    private static BookData bookOf(byte[] stuff, Library library, int index) {
        return new BookData(index, ByteBuffer.wrap(stuff, (int) library.bookOffset(index), library.bookLength(index)));
    }

    /** Book {@code index} in a buffer of {@code pool}, as a link's reader gives it. */
    private static BookData pooledBookOf(byte[] stuff, Library library, int index, BufferPool pool) throws InterruptedException {
        BufferPool.Lease lease = pool.take(0);
        ByteBuffer buffer = lease.buffer().put(stuff, (int) library.bookOffset(index), library.bookLength(index)).flip();
        return new BookData(index, buffer, lease);
    }

    private static final class Reports implements BookListener {
        final BlockingQueue<int[]> written = new LinkedBlockingQueue<>();

        @Override
        public void written(int[] indices) {
            written.add(indices);
        }

        @Override
        public void writeFailed(int index, Exception problem) {
            throw new AssertionError("write of " + index + " failed", problem);
        }
    }

    @Test
    void everyQueuedWriteIsReportedOnceAndLandsInTheFile() throws Exception {
        Book book = started();
        // Many writes queued at once: the thread takes them in batches. Half come in pooled buffers.
        BufferPool pool = new BufferPool(BOOK_SIZE, BOOKS, BOOKS);
        List<BookData> pooled = new ArrayList<>();
        for (int index = BOOKS - 1; index >= 0; index--) {
            BookData data = index % 2 == 0 ? pooledBookOf(stuff, library, index, pool) : bookOf(stuff, library, index);
            if (data.lease() != null) {
                pooled.add(data);
            }
            book.write(data);
        }
        List<Integer> reported = new ArrayList<>();
        while (reported.size() < BOOKS) {
            int[] batch = reports.written.poll(20, TimeUnit.SECONDS);
            assertTrue(batch != null && batch.length >= 1 && batch.length <= PlayerTuning.MAX_BATCH, "a batch of 1-" + PlayerTuning.MAX_BATCH);
            Arrays.stream(batch).forEach(reported::add);
        }
        List<Integer> expected = new ArrayList<>();
        for (int index = BOOKS - 1; index >= 0; index--) {
            expected.add(index);
        }
        assertEquals(expected, reported, "each book reported once, in the order written");
        book.close();
        assertArrayEquals(stuff, Files.readAllBytes(path()));
        for (BookData data : pooled) {
            assertThrows(IllegalStateException.class, data.lease()::buffer, "book " + data.index() + " released once written");
        }
    }

    @Test
    void aViewIsExactlyOneWrittenBookAndReadOnly() throws Exception {
        Book book = started();
        for (int index : new int[] {0, 5, BOOKS - 1}) {
            book.write(bookOf(stuff, library, index));
        }
        book.close(); // writes what is queued first

        for (int index : new int[] {BOOKS - 1, 0, 5}) {
            ByteBuffer view = book.view(index);
            assertEquals(library.bookLength(index), view.remaining(), "book " + index);
            assertTrue(library.verifies(index, view), "book " + index);
        }
        assertTrue(book.view(0).isReadOnly());
    }

    @Test
    void aBookGivenToAClosedBookFileIsReleasedUnwritten() throws Exception {
        Book book = started();
        book.close();

        BookData late = pooledBookOf(stuff, library, 3, new BufferPool(BOOK_SIZE, 4, 4));
        book.write(late);
        assertThrows(IllegalStateException.class, late.lease()::buffer, "released");
        assertTrue(reports.written.isEmpty(), "not reported written");
        int from = (int) library.bookOffset(3);
        int to = from + library.bookLength(3);
        assertArrayEquals(new byte[to - from], Arrays.copyOfRange(Files.readAllBytes(path()), from, to), "not in the file");
        assertTrue(!Arrays.equals(new byte[to - from], Arrays.copyOfRange(stuff, from, to)), "the book is not zeros");
    }
}
