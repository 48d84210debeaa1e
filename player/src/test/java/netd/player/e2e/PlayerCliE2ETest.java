package netd.player.e2e;

import netd.common.testing.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The player's command line: usage mistakes give one sentence and exit code 2, never a stack trace. */
// Bounds each test of the class (each run is given 30 s): a hang fails that test, not the build.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlayerCliE2ETest {
    private static final Duration EXIT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private JarProcess.Result run(String... args) throws Exception {
        return JarProcess.run("player", List.of(args), EXIT);
    }

    private void assertUsageError(JarProcess.Result result, String expected) {
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains(expected), "expected '" + expected + "' in: " + result.output());
        assertFalse(result.output().contains("\tat "), "stack trace in: " + result.output());
    }

    @Test
    void helpAndVersion() throws Exception {
        JarProcess.Result help = run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.output().contains("LIBRARY_FILE"));
        JarProcess.Result version = run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.output().contains("netd player"), version.output());
    }

    @Test
    void missingLibrary() throws Exception {
        assertUsageError(run(directory.toString(), directory.resolve("nope.libr").toString(), "None"), "does not exist");
    }

    @Test
    void libraryThatIsNotOne() throws Exception {
        Path bad = Files.writeString(directory.resolve("bad.libr"), "d8:announce");
        assertUsageError(run(directory.toString(), bad.toString(), "None"), "is not a valid library");
    }

    @Test
    void libraryWithAnEscapingName() throws Exception {
        byte[] hashes = new byte[20];
        String bencoded = "d8:announce14:127.0.0.1/80014:infod6:lengthi10e4:name4:../x12:piece lengthi16384e6:pieces20:"
                + new String(hashes, java.nio.charset.StandardCharsets.ISO_8859_1) + "ee";
        Path bad = Files.write(directory.resolve("escape.libr"), bencoded.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertUsageError(run(directory.toString(), bad.toString(), "None"), "path separator");
        try (var files = Files.list(directory)) {
            assertEquals(1, files.count(), "something was written beside the library");
        }
    }

    /** A valid library of a 10-byte stuff named x. */
    private Path smallLibrary() throws Exception {
        Path library = directory.resolve("ok.libr");
        byte[] hashes = new byte[20];
        String bencoded = "d8:announce14:127.0.0.1/80014:infod6:lengthi10e4:name1:x12:piece lengthi16384e6:pieces20:"
                + new String(hashes, java.nio.charset.StandardCharsets.ISO_8859_1) + "ee";
        return Files.write(library, bencoded.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void invalidAndUnknownPlayerIds() throws Exception {
        Path library = smallLibrary();
        assertUsageError(run(directory.toString(), library.toString(), "bob"), "is not a player id");
        assertUsageError(run(directory.toString(), library.toString(), "-ND0100-000000000001"), "there is no player");
        assertUsageError(run(directory.toString(), library.toString(), "None", "--max-uploads", "0"), "--max-uploads");
        assertUsageError(run(directory.toString(), library.toString(), "None", "--announce-port", "65536"), "--announce-port");
    }

    @Test
    void aWebPortOutOfRangeIsAUsageErrorAndOneTakenEndsThePlayerWithOneSentence() throws Exception {
        Path library = smallLibrary();
        assertUsageError(run(directory.toString(), library.toString(), "None", "--http-port", "65536"), "--http-port");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            JarProcess.Result result = run(directory.toString(), library.toString(), "None", "--bind", "127.0.0.1",
                    "--http-port", String.valueOf(taken.getLocalPort()));
            assertEquals(1, result.exitCode(), result.output());
            assertTrue(result.output().contains("cannot serve the web page on"), result.output());
            assertFalse(result.output().contains("\tat "), "stack trace in: " + result.output());
        }
    }
}
