package netd.player.e2e;

import netd.common.testing.FreePort;
import netd.common.testing.JarProcess;
import netd.bench.DelayLine;
import netd.player.PlayerTuning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The player issue's scenarios, with a real hub and real players on 127.0.0.1. */
// Bounds each test of the class (a swarm completes within 90 s, a restarted one within 60 s more):
// a hang fails that test, not the build.
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PlayerE2ETest {
    private static final Duration DONE = Duration.ofSeconds(90);
    private static final int BOOK = 16 * 1024;
    /** Books failing their check that get their uploader banned (PlayerTuning.MAX_BAD_BOOKS). */
    private static final int BAD_BOOKS_TO_BAN = 3;

    @TempDir
    Path directory;

    @Test
    void oneSeederOneLeecherWithAShortLastBook() throws Exception {
        long size = 3L * 1024 * 1024 + 1234;
        try (Swarm swarm = Swarm.start(directory, size, BOOK)) {
            swarm.seeder();
            Path status = directory.resolve("status.json");
            Swarm.Player leecher = swarm.leecher("--exit-when-done", "--status-file", status.toString());
            leecher.awaitDone(DONE);
            swarm.assertIdentical(leecher.file());
            assertEquals(size, leecher.summary("downloaded"));
            StatusFiles.assertCompleteJson(status, swarm.library().bookCount());
        }
    }

    /**
     * A seeder behind a port forward (here a delay line, a network with a 20 ms round trip)
     * tells the hub the forwarded port, and the leecher downloads through it.
     */
    @Test
    void aSeederReachedOnlyThroughAForwardedPortIsDownloadedFrom() throws Exception {
        try (Swarm swarm = Swarm.start(directory, 4L * 1024 * 1024, BOOK)) {
            int seederPort = FreePort.find();
            try (DelayLine forward = new DelayLine(0, seederPort, Duration.ofMillis(10)).start()) {
                Swarm.Player seeder = swarm.seeder("--port", String.valueOf(seederPort), "--announce-port",
                        String.valueOf(forward.port()));
                // Listening before the leecher starts: a port taken since it was found fails here, with the seeder's output.
                assertEquals(seederPort, seeder.port());
                Swarm.Player leecher = swarm.leecher("--exit-when-done");
                try {
                    leecher.awaitDone(DONE);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\nthe seeder's output:\n" + seeder.process().output(), e);
                }
                swarm.assertIdentical(leecher.file());
                leecher.process().awaitLine(Pattern.compile("connected to \\S+:" + forward.port() + " to download"),
                        Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void oneBookStuff() throws Exception {
        try (Swarm swarm = Swarm.start(directory, 1000, BOOK)) {
            swarm.seeder();
            Swarm.Player leecher = swarm.leecher("--exit-when-done");
            leecher.awaitDone(DONE);
            swarm.assertIdentical(leecher.file());
        }
    }

    @Test
    void fourLeechersFinishAndTradeAmongThemselves() throws Exception {
        try (Swarm swarm = Swarm.start(directory, 24L * 1024 * 1024, BOOK, "--interval", "2", "--min-interval", "1")) {
            // One upload slot (plus the optimistic one) at the seeder: the leechers must trade.
            swarm.seeder("--max-uploads", "1");
            List<Swarm.Player> leechers = new ArrayList<>();
            List<Path> statuses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Path status = directory.resolve("status-" + i + ".json");
                statuses.add(status);
                leechers.add(swarm.leecher("--status-file", status.toString()));
            }
            for (Path status : statuses) {
                StatusFiles.awaitHeld(status, swarm.library().bookCount(), DONE);
            }
            long uploadedByLeechers = 0;
            for (Swarm.Player leecher : leechers) {
                leecher.process().stop();
                leecher.awaitDone(DONE);
                swarm.assertIdentical(leecher.file());
                uploadedByLeechers += leecher.summary("uploaded");
            }
            assertTrue(uploadedByLeechers > 0, "the leechers uploaded nothing to each other");
        }
    }

    /**
     * Players with a heap of 6 MiB, and so as little memory outside it: a seeder that hashes
     * 256 MiB at its start, and three leechers all at once. The seeder's hashing fits its
     * memory (its 4 MiB read buffers did not, and it hung), and the leechers' books wait for
     * the writes in bounded memory (they failed the links that read them, and hung).
     */
    @Test
    void leechersWithASmallHeapFinish() throws Exception {
        try (Swarm swarm = Swarm.start(directory, 256L * 1024 * 1024, BOOK, "--min-interval", "1").heap("6m")) {
            swarm.seeder();
            List<Swarm.Player> leechers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                leechers.add(swarm.leecher("--exit-when-done"));
            }
            for (Swarm.Player leecher : leechers) {
                leecher.awaitDone(DONE);
                assertFalse(leecher.process().output().contains("Error"), leecher.process().output());
                swarm.assertIdentical(leecher.file());
            }
        }
    }

    @Test
    void leecherKilledMidDownloadResumesWithoutDownloadingTwice() throws Exception {
        int books = 640;
        try (Swarm swarm = Swarm.start(directory, (long) books * BOOK, BOOK);
             FakeSeeder slowSeeder = new FakeSeeder(swarm, directory.resolve("original.bin"), FakeSeeder.slow(5))) {
            Path status = directory.resolve("status.json");
            Swarm.Player first = swarm.leecher("--status-file", status.toString());
            long heldAtKill = StatusFiles.awaitHeld(status, books / 4, Duration.ofSeconds(60));
            first.process().kill();

            Swarm.Player again = swarm.player(first.root(), first.id(), "--exit-when-done");
            Matcher have = again.process().awaitLine(Pattern.compile("have (\\d+) of (\\d+) books"), Swarm.START);
            long heldAtRestart = Long.parseLong(have.group(1));
            assertTrue(heldAtRestart >= heldAtKill, "books written before the kill were lost: " + heldAtRestart + " < " + heldAtKill);
            again.awaitDone(DONE);
            swarm.assertIdentical(again.file());
            assertEquals((books - heldAtRestart) * BOOK, again.summary("downloaded"),
                    "the restarted player downloaded books it already held");
        }
    }

    @Test
    void corruptSeederIsBannedAndTheFileCompletesFromTheHonestOne() throws Exception {
        try (Swarm swarm = Swarm.start(directory, 8L * 1024 * 1024, BOOK);
             FakeSeeder corrupt = new FakeSeeder(swarm, directory.resolve("original.bin"), FakeSeeder.corrupt())) {
            Path status = directory.resolve("status.json");
            Swarm.Player leecher = swarm.leecher("--exit-when-done", "--status-file", status.toString());
            // The honest seeder comes once the leecher has had enough bad books from the corrupt one to ban it.
            StatusFiles.awaitFigure(status, "bad_books", BAD_BOOKS_TO_BAN, DONE);
            swarm.seeder();
            leecher.awaitDone(DONE);
            swarm.assertIdentical(leecher.file());
            assertEquals(1, corrupt.connections(), "banned, the corrupt seeder was never dialled again");
        }
    }

    @Test
    void hubRestartedMidSwarm() throws Exception {
        try (Swarm swarm = Swarm.start(directory, 4L * 1024 * 1024, BOOK, "--interval", "2", "--min-interval", "1")) {
            swarm.seeder();
            swarm.hub().kill();
            Swarm.Player leecher = swarm.leecher("--exit-when-done");
            leecher.process().awaitLine(Pattern.compile("cannot reach the hub"), Swarm.START);
            swarm.startHub();
            leecher.awaitDone(DONE);
            swarm.assertIdentical(leecher.file());
        }
    }

    @Test
    void sigtermStopsGracefullyAndTellsTheHub() throws Exception {
        try (Swarm swarm = Swarm.start(directory, 64 * 1024, BOOK)) {
            Swarm.Player seeder = swarm.seeder();
            seeder.process().awaitLine(Pattern.compile("hub: "), Swarm.START);
            seeder.process().stop();
            assertEquals(0, seeder.process().waitFor(Duration.ofSeconds(20)), seeder.process().output());
            try {
                swarm.hub().awaitLine(Pattern.compile("left .*stopped"), Duration.ofSeconds(10));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nseeder:\n" + seeder.process().output(), e);
            }
        }
    }
}
