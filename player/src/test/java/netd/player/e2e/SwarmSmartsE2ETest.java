package netd.player.e2e;

import netd.common.library.BookHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The swarm-smarts issue's scenarios: uploaders that are slow or vanish without a word do
 * not hold books hostage, and a swarm finishes after its only seeder leaves.
 */
class SwarmSmartsE2ETest {
    /**
     * Far shorter than waiting out the bad uploader: 16 requests pipelined to an uploader
     * that takes 20 s a book would take over 5 minutes without timeouts and the endgame.
     */
    private static final Duration DONE = Duration.ofSeconds(60);
    private static final int BOOK = 16 * 1024;

    @TempDir
    Path directory;

    @Test
    void aSlowUploaderDoesNotHoldTheEndHostage() throws Exception {
        try (Swarm swarm = Swarm.start(directory, 4L * 1024 * 1024, BOOK);
             FakeSeeder slow = new FakeSeeder(swarm, directory.resolve("original.bin"), FakeSeeder.slow(20_000))) {
            swarm.seeder();
            Swarm.Player leecher = swarm.leecher("--exit-when-done");
            leecher.awaitDone(DONE);
            swarm.assertIdentical(leecher.file());
        }
    }

    @Test
    void anUploaderThatVanishesWithoutAFinLosesItsRequestsToOthers() throws Exception {
        try (Swarm swarm = Swarm.start(directory, 4L * 1024 * 1024, BOOK);
             FakeSeeder vanished = new FakeSeeder(swarm, directory.resolve("original.bin"), FakeSeeder.silent())) {
            Swarm.Player leecher = swarm.leecher("--exit-when-done");
            // Meeting the silent one first, the leecher asks it for books that never come.
            leecher.process().awaitLine(java.util.regex.Pattern.compile("connected to " + vanished.id.text()), DONE);
            swarm.seeder();
            leecher.awaitDone(DONE);
            swarm.assertIdentical(leecher.file());
        }
    }

    @Test
    void theSwarmCompletesAfterTheSeederLeavesOnceEveryBookExistsSomewhere() throws Exception {
        try (Swarm swarm = Swarm.start(directory, 16L * 1024 * 1024, BOOK, "--interval", "2", "--min-interval", "1")) {
            Swarm.Player seeder = swarm.seeder("--max-uploads", "1");
            // The leechers keep seeding what they have: they are the swarm once the seeder is gone.
            List<Swarm.Player> leechers = new ArrayList<>();
            List<Path> statuses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Path status = directory.resolve("status-" + i + ".json");
                statuses.add(status);
                leechers.add(swarm.leecher("--status-file", status.toString()));
            }
            awaitEveryBookSomewhere(swarm, leechers);
            seeder.process().kill();
            for (int i = 0; i < leechers.size(); i++) {
                StatusFiles.awaitHeld(statuses.get(i), swarm.library().bookCount(), DONE);
                swarm.assertIdentical(leechers.get(i).file());
            }
        }
    }

    @org.junit.jupiter.api.RepeatedTest(value = 1)
    void aFreeRiderGetsLessThanTheHonestOnesOnceTheyCompete() throws Exception {
        int leechers = Integer.getInteger("fr.leechers", 4);
        String uploads = System.getProperty("fr.uploads", "1");
        String seedRate = System.getProperty("fr.seedRate", "256");
        String leechRate = System.getProperty("fr.leechRate", "128");
        long size = Long.getLong("fr.mib", 4) * 1024 * 1024;
        long t0 = System.nanoTime();
        try (Swarm swarm = Swarm.start(directory, size, BOOK, "--interval", "1", "--min-interval", "1");
             FreeRider freeRider = new FreeRider(swarm.library())) {
            String[] scarce = {"--max-uploads", uploads, "--choke-interval", System.getProperty("fr.interval", "1")};
            List<Path> statuses = new ArrayList<>();
            for (int i = 0; i < leechers; i++) {
                Path status = directory.resolve("status-" + i + ".json");
                statuses.add(status);
                freeRider.downloadFrom(swarm.leecher(with(scarce, "--max-upload-rate", leechRate,
                        "--status-file", status.toString())).port());
            }
            Swarm.Player seeder = swarm.seeder(with(scarce, "--max-upload-rate", seedRate));
            if (Boolean.getBoolean("fr.wait")) {
                awaitAnyHeld(statuses);
            }
            freeRider.downloadFrom(seeder.port());
            long t1 = System.nanoTime();
            long[] held = awaitFirstComplete(statuses, swarm.library().bookCount());
            long freeRidden = freeRider.receivedBytes();
            System.out.println("MEASURE seeder port " + seeder.port() + " from " + freeRider.fromPort + " unchokes " + freeRider.unchokes);
            long[] sorted = held.clone();
            java.util.Arrays.sort(sorted);
            double median = (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2.0;
            System.out.printf("MEASURE leechers=%d uploads=%s seed=%s leech=%s: free rider %d books; honest %s; ratio %.2f; start %.1f s, run %.1f s%n",
                    leechers, uploads, seedRate, leechRate, freeRidden / BOOK, java.util.Arrays.toString(held),
                    freeRidden / BOOK / median, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        }
    }

    private static String[] with(String[] common, String... more) {
        List<String> all = new ArrayList<>(List.of(common));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static void awaitAnyHeld(List<Path> statuses) throws Exception {
        long deadline = System.nanoTime() + DONE.toNanos();
        while (System.nanoTime() < deadline) {
            for (Path status : statuses) {
                if (StatusFiles.held(status) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no honest leecher got a book");
    }

    /** Waits until one status says complete; returns every status's books held at that moment. */
    private static long[] awaitFirstComplete(List<Path> statuses, long books) throws Exception {
        long deadline = System.nanoTime() + DONE.toNanos();
        while (System.nanoTime() < deadline) {
            long[] held = new long[statuses.size()];
            boolean anyComplete = false;
            for (int i = 0; i < held.length; i++) {
                held[i] = StatusFiles.held(statuses.get(i));
                anyComplete |= held[i] >= books;
            }
            if (anyComplete) {
                return held;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no honest leecher completed within " + DONE.toSeconds() + " s");
    }

    /** Waits until the leechers' files together hold every book (checked against the library's hashes). */
    private static void awaitEveryBookSomewhere(Swarm swarm, List<Swarm.Player> leechers) throws Exception {
        long deadline = System.nanoTime() + DONE.toNanos();
        BookHasher hasher = BookHasher.withAllCores();
        while (System.nanoTime() < deadline) {
            BitSet union = new BitSet();
            for (Swarm.Player leecher : leechers) {
                if (Files.exists(leecher.file())) {
                    union.or(hasher.verify(leecher.file(), swarm.library()));
                }
            }
            if (union.cardinality() == swarm.library().bookCount()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the leechers never held every book between them");
    }
}
