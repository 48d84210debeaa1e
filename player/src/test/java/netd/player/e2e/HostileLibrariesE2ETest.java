package netd.player.e2e;

import netd.common.bencode.BDictionary;
import netd.common.bencode.BList;
import netd.common.bencode.BString;
import netd.common.bencode.BValue;
import netd.common.bencode.Bencode;
import netd.common.testing.JarProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, "Hostile libraries": library files from strangers that are unsafe or broken. Each
 * gets one sentence and exit code 2 from the real player jar, and nothing anywhere under the
 * test's directory changes (the player's root sits two levels down, so a name climbing out
 * with {@code ../..} would land where this test looks). Netd folder libraries (issue 21) join
 * them: every path component of theirs is a name on the player's disk.
 */
// Bounds each test of the class (each run is given 30 s): a hang fails that test, not the build.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileLibrariesE2ETest {
    private static final int BOOK = 16 * 1024;

    @TempDir
    Path directory;

    static Stream<Arguments> libraries() {
        return Stream.of(
                Arguments.of("a name climbing out", library("../../etc/x", 10, BOOK, 1), "path separator"),
                Arguments.of("an absolute name", library("/abs", 10, BOOK, 1), "path separator"),
                Arguments.of("a backslash", library("a\\b", 10, BOOK, 1), "path separator"),
                Arguments.of("the parent directory", library("..", 10, BOOK, 1), "names a directory"),
                Arguments.of("an empty name", library("", 10, BOOK, 1), "the name is empty"),
                Arguments.of("a NUL byte", library("x\0.bin", 10, BOOK, 1), "control character"),
                Arguments.of("pieces of the wrong length", library("x", 3L * BOOK, BOOK, 2), "pieces holds 40 bytes"),
                Arguments.of("a negative length", library("x", -1, BOOK, 1), "length is -1"),
                Arguments.of("a huge length", library("x", Long.MAX_VALUE, BOOK, 1), "a bitfield can hold"),
                Arguments.of("a book size of 0", library("x", 10, 0, 1), "book size is 0"),
                Arguments.of("a book size of 1 GiB", library("x", 10, 1L << 30, 1), "book size 1073741824 exceeds"),
                Arguments.of("truncated bencode", truncated(library("x", 10, BOOK, 1)), "runs past the end"),
                Arguments.of("nesting 10,000 deep", nested(10_000), "nesting deeper than 64"),
                Arguments.of("trailing bytes", trailing(library("x", 10, BOOK, 1)), "trailing bytes"),
                // Issue 21: netd folder libraries, whose paths name files inside the player's directory.
                Arguments.of("a folder path climbing out", folder(List.of("..", "..", "escape")), "unsafe path"),
                Arguments.of("an absolute folder path", folder(List.of("/etc", "passwd")), "path separator"),
                Arguments.of("a Windows device name", folder(List.of("docs", "con.txt")), "reserved for a device"),
                Arguments.of("a trailing dot", folder(List.of("docs.")), "ends with a dot"),
                Arguments.of("two files on one path but for case", folder(List.of("Read.me"), List.of("read.ME")),
                        "two files map to"),
                Arguments.of("a file under a file", folder(List.of("a"), List.of("a", "b")), "both a file and a folder"),
                Arguments.of("a NUL in a path", folder(List.of("x\0y")), "control character"),
                Arguments.of("an empty path component", folder(List.of("a", "", "b")), "the name is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libraries")
    void aHostileLibraryGetsOneSentenceAndExitCodeTwo(String what, byte[] bytes, String expected) throws Exception {
        Path root = Files.createDirectories(directory.resolve("a").resolve("b").resolve("root"));
        Path library = Files.write(directory.resolve("hostile.libr"), bytes);
        List<String> before = tree();

        JarProcess.Result result = JarProcess.run("player", List.of(root.toString(), library.toString(), "None"),
                Duration.ofSeconds(30));

        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("is not a valid library: ") && result.output().contains(expected),
                "expected '" + expected + "' in: " + result.output());
        assertFalse(result.output().contains("\tat "), "stack trace in: " + result.output());
        assertEquals(before, tree(), "the player wrote something");
    }

    /** Every path under the test's directory, with its size. */
    private List<String> tree() throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.map(path -> directory.relativize(path) + " " + path.toFile().length()).sorted().toList();
        }
    }

    /** A well-formed library (written by the real bencode writer) with {@code hashes} zeroed SHA-1s. */
    private static byte[] library(String name, long length, long bookSize, int hashes) {
        BDictionary info = BDictionary.builder()
                .put("name", name.getBytes(StandardCharsets.UTF_8))
                .put("length", length)
                .put("piece length", bookSize)
                .put("pieces", new byte[20 * hashes])
                .build();
        return Bencode.encode(BDictionary.builder().put("announce", "127.0.0.1/8001").put("info", info).build());
    }

    /** A netd folder library (PROTOCOL-EXTENSIONS.md §2) of one-byte files at {@code paths}. */
    @SafeVarargs
    private static byte[] folder(List<String>... paths) {
        List<BValue> files = new ArrayList<>();
        for (List<String> path : paths) {
            List<BValue> components = new ArrayList<>();
            path.forEach(component -> components.add(BString.of(component)));
            files.add(BDictionary.builder().put("length", 1).put("path", new BList(components)).build());
        }
        BDictionary info = BDictionary.builder()
                .put("netd", 1)
                .put("name", "stuff")
                .put("files", new BList(files))
                .put("piece length", BOOK)
                .put("pieces", new byte[20])
                .build();
        return Bencode.encode(BDictionary.builder().put("announce", "127.0.0.1/8001").put("info", info).build());
    }

    private static byte[] truncated(byte[] library) {
        return Arrays.copyOf(library, library.length - 10);
    }

    private static byte[] trailing(byte[] library) {
        byte[] longer = Arrays.copyOf(library, library.length + 3);
        longer[library.length] = 'i';
        longer[library.length + 1] = '0';
        longer[library.length + 2] = 'e';
        return longer;
    }

    /** {@code d4:infolll...eee}: by hand, because the writer would never nest this deep. */
    private static byte[] nested(int depth) {
        String open = "l".repeat(depth);
        String close = "e".repeat(depth);
        return ("d8:announce14:127.0.0.1/80014:info" + open + close + "e").getBytes(StandardCharsets.US_ASCII);
    }
}
