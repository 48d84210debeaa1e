package netd.librarifier;

import netd.common.ProtocolException;
import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.library.LibraryFormat;
import netd.common.testing.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the librarifier's jar as a user would and checks what it writes against independent computations. */
// Bounds each test of the class (its longest wait is 60 s): a hang fails that test, not the build.
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LibrarifierE2ETest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private Path stuff(String name, int length) throws IOException {
        byte[] content = new byte[length];
        new Random(length).nextBytes(content);
        return Files.write(directory.resolve(name), content);
    }

    private static JarProcess.Result librarifier(Object... args) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>();
        for (Object arg : args) {
            arguments.add(arg.toString());
        }
        return JarProcess.run("librarifier", arguments, TIMEOUT);
    }

    /** Asserts a run failed with {@code exitCode} and one readable message, and returns the output. */
    private static String failure(int exitCode, JarProcess.Result result) {
        assertEquals(exitCode, result.exitCode(), result.output());
        assertTrue(result.output().startsWith("librarifier: "), result.output());
        assertFalse(result.output().contains("Exception") || result.output().contains("\tat "), result.output());
        return result.output();
    }

    @Test
    void makesALibraryWhoseInfoHashAndBookHashesMatchAnIndependentComputation() throws Exception {
        Path stuff = stuff("movie.mkv", 5 * 16384 + 77);
        Path output = directory.resolve("movie.libr");
        long before = Instant.now().getEpochSecond();
        Files.createDirectory(directory.resolve("sub"));

        JarProcess.Result result = librarifier("127.0.0.1/8001", directory.resolve("sub/../movie.mkv"), "0x4000", output);

        assertEquals(0, result.exitCode(), result.output());
        assertFalse(result.output().contains("WARN"), result.output());
        byte[] file = Files.readAllBytes(output);
        Library library = LibraryFormat.parse(file);
        assertEquals(new HostPort("127.0.0.1", 8001), library.announce());
        assertEquals("movie.mkv", library.name());
        assertEquals(5 * 16384 + 77, library.length());
        assertEquals(16384, library.bookSize());
        assertEquals(6, library.bookCount());
        assertTrue(library.createdBy().matches("netd librarifier \\S+"), library.createdBy());
        assertTrue(library.creationDate() >= before && library.creationDate() <= Instant.now().getEpochSecond());

        byte[] info = infoBencoding("movie.mkv", Files.readAllBytes(stuff), 16384);
        assertTrue(contains(file, info), "the file holds the info dictionary exactly as encoded by hand");
        assertArrayEquals(sha1(info), library.infoHash().toByteArray());
    }

    @Test
    void aFileSmallerThanABookIsOneBookAndOtherBookSizesAreWarnedAbout() throws Exception {
        Path stuff = stuff("tiny.txt", 100);
        Path output = directory.resolve("tiny.libr");

        JarProcess.Result result = librarifier("10.0.0.1/80", stuff, "32768", output);

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("the book size is 32768, not 16384 (0x4000): players of the original "
                + "implementation cannot join"), result.output());
        Library library = LibraryFormat.parse(Files.readAllBytes(output));
        assertEquals(1, library.bookCount());
        assertArrayEquals(sha1(Files.readAllBytes(stuff)), library.pieceHashes());
        assertArrayEquals(sha1(infoBencoding("tiny.txt", Files.readAllBytes(stuff), 32768)), library.infoHash().toByteArray());
    }

    @Test
    void replacesAnExistingLibraryOnlyWithForce() throws Exception {
        Path stuff = stuff("movie.mkv", 16384 * 2);
        Path output = Files.writeString(directory.resolve("movie.libr"), "old");

        assertEquals(output + " already exists; use --force to replace it\n",
                failure(2, librarifier("127.0.0.1/8001", stuff, "0x4000", output)).substring("librarifier: ".length()) + "\n");
        assertEquals("old", Files.readString(output));

        JarProcess.Result forced = librarifier("--force", "--quiet", "127.0.0.1/8001", stuff, "0x4000", output);
        assertEquals(0, forced.exitCode(), forced.output());
        assertEquals("", forced.output(), "--quiet leaves nothing but warnings");
        assertEquals(2, LibraryFormat.parse(Files.readAllBytes(output)).bookCount());
    }

    @Test
    void usageErrorsExitWithTwoAndOneSentence() throws Exception {
        Path stuff = stuff("movie.mkv", 1000);
        Path empty = Files.createFile(directory.resolve("empty.bin"));
        Path out = directory.resolve("out.libr");

        assertTrue(failure(2, librarifier("127.0.0.1:8001", stuff, "0x4000", out)).contains("HOST/PORT"));
        assertTrue(failure(2, librarifier("127.0.0.1/0", stuff, "0x4000", out)).contains("port 0 is outside 1-65535"));
        assertTrue(failure(2, librarifier("127.0.0.1/8001", directory.resolve("nope"), "0x4000", out)).contains("does not exist"));
        Path nothing = Files.createDirectories(directory.resolve("nothing").resolve("inside"));
        Files.createFile(nothing.resolve("empty.txt"));
        assertTrue(failure(2, librarifier("127.0.0.1/8001", nothing.getParent(), "auto", out)).contains("holds no byte"));
        assertTrue(failure(2, librarifier("127.0.0.1/8001", empty, "0x4000", out)).contains("is empty"));
        assertTrue(failure(2, librarifier("127.0.0.1/8001", stuff, "20000", out)).contains("power of two"));
        assertTrue(failure(2, librarifier("127.0.0.1/8001", stuff, "0x2000", out)).contains("power of two"));
        assertTrue(failure(2, librarifier("127.0.0.1/8001", stuff, "lots", out)).contains("number of bytes"));
        assertTrue(failure(2, librarifier("127.0.0.1/8001", stuff, "0x4000", directory.resolve("no/out.libr")))
                .contains("does not exist"));
        assertTrue(failure(2, librarifier("127.0.0.1/8001", stuff)).contains("Missing required parameters"));
        assertFalse(Files.exists(out));
    }

    @Test
    void aFolderBecomesANetdLibraryOfItsFilesInPathOrderWithEmptyFilesAndFolders() throws Exception {
        Path folder = Files.createDirectories(directory.resolve("photos"));
        Files.createDirectories(folder.resolve("b/deep"));
        Files.createDirectories(folder.resolve("empty/nested"));
        byte[] first = Files.readAllBytes(stuff("photos/b/deep/one.jpg", 40_000));
        Files.createFile(folder.resolve("b/empty.txt"));
        byte[] second = Files.readAllBytes(stuff("photos/a.jpg", 30_000));
        Path output = directory.resolve("photos.libr");

        JarProcess.Result result = librarifier("127.0.0.1/8001", folder, "auto", output);

        assertEquals(0, result.exitCode(), result.output());
        Library library = LibraryFormat.parse(Files.readAllBytes(output));
        assertTrue(library.netd() && library.layout().folder());
        assertEquals("photos", library.name());
        assertEquals(16384, library.bookSize());
        assertEquals(List.of(List.of("a.jpg"), List.of("b", "deep", "one.jpg"), List.of("b", "empty.txt")),
                library.layout().files().stream().map(file -> file.path()).toList());
        assertEquals(List.of(List.of("empty", "nested")), library.layout().emptyFolders());
        // The books are cut from the files laid end to end, in that order.
        ByteArrayOutputStream stuff = new ByteArrayOutputStream();
        stuff.writeBytes(second);
        stuff.writeBytes(first);
        byte[] all = stuff.toByteArray();
        for (int book = 0; book < library.bookCount(); book++) {
            byte[] bytes = Arrays.copyOfRange(all, (int) library.bookOffset(book), (int) library.bookOffset(book) + library.bookLength(book));
            assertTrue(library.verifies(book, java.nio.ByteBuffer.wrap(bytes)), "book " + book);
        }
    }

    @Test
    void aFolderWithALinkOutOrANameWindowsCannotHoldIsRefusedNamingThePath() throws Exception {
        Path folder = Files.createDirectories(directory.resolve("share"));
        stuff("share/ok.bin", 100);
        Path secret = stuff("secret.bin", 100);
        Files.createSymbolicLink(folder.resolve("link.bin"), secret);
        Path out = directory.resolve("out.libr");
        assertTrue(failure(2, librarifier("127.0.0.1/8001", folder, "auto", out)).contains("leads out of"));

        Files.delete(folder.resolve("link.bin"));
        stuff("share/con.txt", 10);
        assertTrue(failure(2, librarifier("127.0.0.1/8001", folder, "auto", out)).contains("reserved for a device"));
        assertFalse(Files.exists(out));
    }

    @Test
    void booksTheOriginalsFramesCannotCarryMakeANetdLibraryOfOneFile() throws Exception {
        Path stuff = stuff("movie.mkv", 200_000);
        Path output = directory.resolve("movie.libr");

        JarProcess.Result result = librarifier("127.0.0.1/8001", stuff, "0x10000", output);

        assertEquals(0, result.exitCode(), result.output());
        Library library = LibraryFormat.parse(Files.readAllBytes(output));
        assertTrue(library.netd());
        assertFalse(library.layout().folder());
        assertEquals(65536, library.bookSize());
        assertEquals(200_000, library.length());
    }

    @Test
    void anIoFailureExitsWithOne() throws Exception {
        // /proc is a directory where no file can be created, even by root.
        assumeTrue(Files.isDirectory(Path.of("/proc/self")));
        Path stuff = stuff("movie.mkv", 1000);

        String output = failure(1, librarifier("127.0.0.1/8001", stuff, "0x4000", "/proc/movie.libr"));

        assertTrue(output.contains("writing /proc/movie.libr failed: "), output);
    }

    @Test
    void helpAndVersionExitWithZero() throws Exception {
        JarProcess.Result help = librarifier("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.output().contains("ADDR PATH") && help.output().contains("BOOK_SIZE OUTPUT"), help.output());
        JarProcess.Result version = librarifier("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.output().matches("netd librarifier \\d+\\.\\d+\\.\\d+.*"), version.output());
    }

    /** The info dictionary bencoded by hand, keys in sorted order, from the stuff's bytes. */
    private static byte[] infoBencoding(String name, byte[] content, int bookSize) throws NoSuchAlgorithmException {
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        for (int offset = 0; offset < content.length; offset += bookSize) {
            pieces.writeBytes(sha1(Arrays.copyOfRange(content, offset, Math.min(content.length, offset + bookSize))));
        }
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(("d6:lengthi" + content.length + "e4:name" + name.length() + ":" + name
                + "12:piece lengthi" + bookSize + "e6:pieces" + pieces.size() + ":").getBytes(StandardCharsets.US_ASCII));
        info.writeBytes(pieces.toByteArray());
        info.write('e');
        return info.toByteArray();
    }

    private static byte[] sha1(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-1").digest(bytes);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
