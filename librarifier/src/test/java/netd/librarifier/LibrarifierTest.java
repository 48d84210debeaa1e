package netd.librarifier;

import netd.common.ProtocolException;
import netd.common.library.BookHasher;
import netd.common.library.HostPort;
import netd.common.library.StuffLayout;
import netd.common.library.Library;
import netd.common.library.LibraryFormat;
import netd.common.library.Sha1;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibrarifierTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000L));

    @TempDir
    Path directory;

    private final Librarifier librarifier = new Librarifier(new BookHasher(2), CLOCK);

    private Path stuff(int length) throws IOException {
        byte[] content = new byte[length];
        new Random(length).nextBytes(content);
        return Files.write(directory.resolve("movie.mkv"), content);
    }

    private LibrarifierSettings settings(Path stuff, Path output, boolean overwrite) throws IOException {
        return new LibrarifierSettings(HostPort.parse("127.0.0.1/8001"), stuff, "movie.mkv",
                StuffLayout.file(Files.exists(stuff) ? Files.size(stuff) : 1), new BookSizeChoice(16384, false), output,
                overwrite, "netd librarifier test");
    }

    @Test
    void writesALibraryThatParsesBackWithEveryBookHash() throws IOException, ProtocolException {
        Path stuff = stuff(3 * 16384 + 5);
        Path output = directory.resolve("movie.libr");

        Library made = librarifier.librarify(settings(stuff, output, false), BookHasher.Progress.NONE);

        Library read = LibraryFormat.parse(Files.readAllBytes(output));
        assertEquals(made.infoHash(), read.infoHash());
        assertEquals("movie.mkv", read.name());
        assertEquals(3 * 16384 + 5, read.length());
        assertEquals(1_700_000_000L, read.creationDate());
        assertEquals("netd librarifier test", read.createdBy());
        byte[] content = Files.readAllBytes(stuff);
        for (int book = 0; book < read.bookCount(); book++) {
            byte[] bytes = Arrays.copyOfRange(content, book * 16384, Math.min(content.length, (book + 1) * 16384));
            assertTrue(read.hashMatches(book, Sha1.of(bytes)), "book " + book);
        }
    }

    @Test
    void replacesAnExistingLibraryOnlyWhenAllowedAndLeavesNoTemporaryFile() throws IOException {
        Path stuff = stuff(100);
        Path output = Files.writeString(directory.resolve("movie.libr"), "old");

        IOException refused = assertThrows(IOException.class,
                () -> librarifier.librarify(settings(stuff, output, false), BookHasher.Progress.NONE));
        assertTrue(refused.getCause() instanceof FileAlreadyExistsException, refused.toString());
        assertEquals("old", Files.readString(output));

        librarifier.librarify(settings(stuff, output, true), BookHasher.Progress.NONE);
        assertTrue(Files.readString(output, StandardCharsets.ISO_8859_1).startsWith("d8:announce"));
        try (var files = Files.list(directory)) {
            assertEquals(2, files.count(), "only the stuff and the library remain");
        }
    }

    @Test
    void aFailedWriteSaysWhatWasBeingDone() throws IOException {
        Path stuff = stuff(100);
        Path output = directory.resolve("missing").resolve("movie.libr");

        IOException e = assertThrows(IOException.class,
                () -> librarifier.librarify(settings(stuff, output, false), BookHasher.Progress.NONE));

        assertTrue(e.getMessage().startsWith("writing " + output + " failed: "), e.getMessage());
        assertTrue(e.getMessage().endsWith(": no such file or directory"), e.getMessage());
    }

    @Test
    void aFailedReadSaysWhatWasBeingDone() {
        Path missing = directory.resolve("gone.mkv");
        IOException e = assertThrows(IOException.class, () -> librarifier.librarify(
                settings(missing, directory.resolve("x.libr"), false), BookHasher.Progress.NONE));
        assertEquals("reading " + missing + " failed: " + missing + ": no such file or directory", e.getMessage());
    }
}
