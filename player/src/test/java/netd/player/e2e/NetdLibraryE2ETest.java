package netd.player.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: a netd library of one file in books the original's 2-byte frames cannot carry,
 * between real netd players; and an original player, which cannot use it, refused.
 */
class NetdLibraryE2ETest {
    private static final String REFUSAL = "cannot use a netd library";

    @TempDir
    Path directory;

    @Test
    void booksOfOneMebibyteGoFromASeederToTwoLeechersIdentical() throws Exception {
        try (Swarm swarm = Swarm.startNetd(directory, 9L * 1024 * 1024 + 12_345, 1 << 20)) {
            swarm.seeder();
            Swarm.Player first = swarm.leecher("--exit-when-done");
            Swarm.Player second = swarm.leecher("--exit-when-done");
            first.awaitDone(Duration.ofSeconds(90));
            second.awaitDone(Duration.ofSeconds(90));
            swarm.assertIdentical(first.file());
            swarm.assertIdentical(second.file());
        }
    }

    @Test
    void anOriginalPlayerIsRefusedWithOneLogLineAndTheSwarmGoesOn() throws Exception {
        try (Swarm swarm = Swarm.startNetd(directory, 2L * 1024 * 1024, 64 * 1024)) {
            Swarm.Player seeder = swarm.seeder();
            try (OriginalDownloader original = new OriginalDownloader(seeder.port(), swarm.library())) {
                assertFalse(original.downloadAll(30_000), "an original player got books of a netd library");
                assertTrue(original.state().startsWith("got 0 of"), original.state());
            }
            seeder.process().awaitLine(Pattern.compile(".*" + REFUSAL + ".*"), Swarm.START);

            Swarm.Player leecher = swarm.leecher("--exit-when-done");
            leecher.awaitDone(Duration.ofSeconds(60));
            swarm.assertIdentical(leecher.file());
            assertEquals(1, seeder.process().output().lines().filter(line -> line.contains(REFUSAL)).count(),
                    seeder.process().output());
        }
    }
}
