package netd.player.book;

import netd.common.library.BookHasher;
import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.library.NetdInfo;
import netd.common.library.StuffLayout;
import netd.common.wire.PeerMessage.BookData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A folder stuff on disk (issue 21): books that run across files, empty files and folders, resuming by hashing. */
@Timeout(30)
class FolderBookTest {
    private static final int BOOK_SIZE = 16384;
    /** Lengths that put book boundaries inside files, a file inside one book, and empty files among them. */
    private static final List<List<String>> PATHS = List.of(List.of("a", "one.bin"), List.of("a", "empty"),
            List.of("a", "b", "small.txt"), List.of("big.bin"), List.of("z", "empty-too"));
    private static final List<Long> LENGTHS = List.of(20_000L, 0L, 100L, 40_000L, 0L);

    @TempDir
    Path directory;
    private final byte[] stuff = random(60_100);
    private final Library library = NetdInfo.create(new HostPort("127.0.0.1", 6969), "folder",
            StuffLayout.folder(PATHS, LENGTHS, List.of(List.of("nothing", "here"))), BOOK_SIZE, hashes(stuff), null, null);

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static byte[] hashes(byte[] stuff) {
        try {
            Path file = Files.createTempFile("stuff", ".bin");
            try {
                return new BookHasher(2).hashAll(Files.write(file, stuff), stuff.length, BOOK_SIZE, BookHasher.Progress.NONE);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path root() {
        return directory.resolve("folder");
    }

    private BookData bookOf(int index) {
        return new BookData(index, ByteBuffer.wrap(stuff, (int) library.bookOffset(index), library.bookLength(index)));
    }

    /** Opens the folder in the player's directory, writes {@code books}, closes it. */
    private void write(int... books) throws Exception {
        Book book = Book.open(root(), directory, library, BookHasher.Progress.NONE);
        BlockingQueue<int[]> written = new LinkedBlockingQueue<>();
        book.start(new BookListener() {
            @Override
            public void written(int[] indices) {
                written.add(indices);
            }

            @Override
            public void writeFailed(int index, Exception problem) {
                throw new AssertionError(problem);
            }
        });
        for (int index : books) {
            book.write(bookOf(index));
        }
        int reported = 0;
        while (reported < books.length) {
            int[] batch = written.poll(20, TimeUnit.SECONDS);
            assertNotNull(batch, "writes reported");
            reported += batch.length;
        }
        book.close();
    }

    @Test
    void booksWrittenAcrossFilesMakeTheTreeWithItsEmptyFilesAndFolders() throws Exception {
        write(3, 0, 2, 1);
        assertArrayEquals(Arrays.copyOfRange(stuff, 0, 20_000), Files.readAllBytes(root().resolve("a/one.bin")));
        assertEquals(0, Files.size(root().resolve("a/empty")));
        assertArrayEquals(Arrays.copyOfRange(stuff, 20_000, 20_100), Files.readAllBytes(root().resolve("a/b/small.txt")));
        assertArrayEquals(Arrays.copyOfRange(stuff, 20_100, 60_100), Files.readAllBytes(root().resolve("big.bin")));
        assertEquals(0, Files.size(root().resolve("z/empty-too")));
        assertTrue(Files.isDirectory(root().resolve("nothing/here")));
    }

    @Test
    void aViewOfABookAcrossFilesHoldsItsBytesInOrder() throws Exception {
        write(0, 1, 2, 3);
        Book book = Book.openForSeeding(root(), library, BookHasher.Progress.NONE);
        for (int index = 0; index < library.bookCount(); index++) {
            ByteBuffer view = book.view(index);
            assertTrue(library.verifies(index, view), "book " + index);
            assertTrue(view.isReadOnly());
        }
        assertEquals(library.bookCount(), book.initiallyHeld().cardinality());
        book.close();
    }

    @Test
    void aFolderInProgressResumesWithTheBooksItHolds() throws Exception {
        write(1, 3);
        Book book = Book.open(root(), directory, library, BookHasher.Progress.NONE);
        BitSet expected = new BitSet();
        expected.set(1);
        expected.set(3);
        assertEquals(expected, book.initiallyHeld());
        book.close();
        // A file lost meanwhile loses only the books that have bytes in it.
        Files.delete(root().resolve("big.bin"));
        Book again = Book.open(root(), directory, library, BookHasher.Progress.NONE);
        assertEquals(new BitSet(), again.initiallyHeld());
        again.close();
    }

    @Test
    void aSeederRefusesASymbolicLinkOutOfTheFolder() throws Exception {
        write(0, 1, 2, 3);
        Path outside = Files.write(directory.resolve("secret"), Arrays.copyOfRange(stuff, 20_100, 60_100));
        Files.delete(root().resolve("big.bin"));
        Files.createSymbolicLink(root().resolve("big.bin"), outside);
        IOException e = assertThrows(IOException.class, () -> Book.openForSeeding(root(), library, BookHasher.Progress.NONE));
        assertTrue(e.getMessage().contains("leads out of"), e.getMessage());
    }

    @Test
    void aPlayerWritesNoFileThroughASymbolicLink() throws Exception {
        Path elsewhere = Files.createDirectories(directory.resolve("elsewhere"));
        Path home = Files.createDirectories(directory.resolve("home"));
        Files.createSymbolicLink(home.resolve("folder"), elsewhere);
        IOException e = assertThrows(IOException.class,
                () -> Book.open(home.resolve("folder"), home, library, BookHasher.Progress.NONE));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        try (var left = Files.list(elsewhere)) {
            assertEquals(0, left.count(), "nothing was written through the link");
        }
    }
}
