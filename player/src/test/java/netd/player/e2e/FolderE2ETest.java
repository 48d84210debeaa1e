package netd.player.e2e;

import netd.common.ProtocolException;
import netd.common.library.Library;
import netd.common.library.LibraryFormat;
import netd.common.testing.FreePort;
import netd.common.testing.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: folders shared as netd libraries, with the real librarifier, hub and player jars
 * on 127.0.0.1. A seeder shares the folder in place; leechers end with identical trees, empty
 * files and empty folders included.
 */
class FolderE2ETest {
    private static final Duration DONE = Duration.ofSeconds(120);
    private static final Pattern PLAYER_ID = Pattern.compile("player id: (\\S+)");
    private static final Pattern HAVE = Pattern.compile("have (\\d+) of (\\d+) books");

    @TempDir
    Path directory;
    private final List<JarProcess> processes = new ArrayList<>();

    private Library librarify(Path folder, String bookSize, int hubPort) throws IOException, InterruptedException, ProtocolException {
        Path library = directory.resolve("folder.libr");
        JarProcess.Result made = JarProcess.run("librarifier", List.of("127.0.0.1/" + hubPort, folder.toString(), bookSize,
                library.toString(), "--force"), Duration.ofSeconds(60));
        assertEquals(0, made.exitCode(), made.output());
        return LibraryFormat.parse(Files.readAllBytes(library));
    }

    private JarProcess start(String module, String... args) throws IOException {
        JarProcess process = JarProcess.start(module, List.of("-Xmx128m"), List.of(args));
        processes.add(process);
        return process;
    }

    private JarProcess hub(int port) throws Exception {
        JarProcess hub = start("hub", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--min-interval", "1",
                "--interval", "2");
        hub.awaitLine(Pattern.compile("listening"), Swarm.START);
        return hub;
    }

    private String library() {
        return directory.resolve("folder.libr").toString();
    }

    @ParameterizedTest(name = "books of {0}")
    @CsvSource({"auto, 16384", "0x10000, 65536", "0x100000, 1048576"})
    void aFolderGoesFromOneSeederToThreeLeechersIdentical(String bookSize, int expectedBookSize) throws Exception {
        Path folder = FolderTree.make(directory.resolve("share").resolve("photos"), 60, new long[] {700_000, 1_300_001}, 21);
        int hubPort = FreePort.find();
        Library library = librarify(folder, bookSize, hubPort);
        assertTrue(library.netd());
        assertEquals(expectedBookSize, library.bookSize());
        hub(hubPort);
        Path root = Files.createDirectories(directory.resolve("players"));
        start("player", root.toString(), library(), "None", "--bind", "127.0.0.1", "--stuff", folder.toString());
        List<JarProcess> leechers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leechers.add(start("player", root.toString(), library(), "None", "--bind", "127.0.0.1", "--exit-when-done"));
        }
        for (JarProcess leecher : leechers) {
            String id = leecher.awaitLine(PLAYER_ID, Swarm.START).group(1);
            assertEquals(0, leecher.waitFor(DONE), leecher.output());
            FolderTree.assertIdentical(folder, root.resolve(id).resolve("photos"));
        }
    }

    @Test
    void aLeecherKilledMidFolderResumesWithoutDownloadingItsVerifiedBooksAgain() throws Exception {
        Path folder = FolderTree.make(directory.resolve("share").resolve("music"), 40, new long[] {3_000_000}, 7);
        int hubPort = FreePort.find();
        Library library = librarify(folder, "auto", hubPort);
        hub(hubPort);
        Path root = Files.createDirectories(directory.resolve("players"));
        // 1 MiB/s: the 4 MiB folder takes seconds, so the leecher is killed in the middle of it.
        start("player", root.toString(), library(), "None", "--bind", "127.0.0.1", "--stuff", folder.toString(),
                "--max-upload-rate", "1024");
        Path status = directory.resolve("status.json");
        JarProcess first = start("player", root.toString(), library(), "None", "--bind", "127.0.0.1", "--status-file",
                status.toString());
        String id = first.awaitLine(PLAYER_ID, Swarm.START).group(1);
        StatusFiles.awaitHeld(status, library.bookCount() / 3, DONE);
        first.kill();

        Files.delete(status);
        JarProcess second = start("player", root.toString(), library(), id, "--bind", "127.0.0.1", "--exit-when-done",
                "--status-file", status.toString());
        Matcher have = second.awaitLine(HAVE, Swarm.START);
        int heldAtRestart = Integer.parseInt(have.group(1));
        assertTrue(heldAtRestart >= library.bookCount() / 3, "held after the restart: " + heldAtRestart);
        assertEquals(0, second.waitFor(DONE), second.output());
        FolderTree.assertIdentical(folder, root.resolve(id).resolve("music"));

        // Every book held at the restart has a whole book's bytes, but for the last one perhaps.
        long heldBytes = (heldAtRestart - 1L) * library.bookSize();
        long downloaded = downloadedBytes(status);
        assertTrue(downloaded <= library.length() - heldBytes,
                "downloaded " + downloaded + " bytes after the restart, though " + heldAtRestart + " of "
                        + library.bookCount() + " books were held");
    }

    private static long downloadedBytes(Path status) throws IOException {
        Matcher matcher = Pattern.compile("\"downloaded_bytes\":(\\d+)").matcher(Files.readString(status));
        assertTrue(matcher.find(), "no downloaded_bytes in the status file");
        return Long.parseLong(matcher.group(1));
    }

    @org.junit.jupiter.api.AfterEach
    void stopEverything() throws InterruptedException {
        for (JarProcess process : processes) {
            process.close();
        }
    }
}
