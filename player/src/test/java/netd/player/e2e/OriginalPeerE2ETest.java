package netd.player.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** PROTOCOL.md §4's courtesy to the original player, which decodes one message per socket read. */
// Bounds each test of the class (its swarm completes well within this): a hang fails that test, not the build.
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OriginalPeerE2ETest {
    @TempDir
    Path directory;

    /**
     * The player downloads fast while an original downloads from it, so its haves come in
     * bursts: glued together, all but one per read would wait in the original's buffer, and
     * the unchoke and books behind them with nothing more ever coming to push them through.
     */
    @Test
    void anOriginalDownloaderGetsEveryMessageItIsOwedThoughItReadsOneAtATime() throws Exception {
        try (Swarm swarm = Swarm.start(directory, 2L * 1024 * 1024, 16 * 1024)) {
            Swarm.Player leecher = swarm.leecher();
            try (OriginalDownloader original = new OriginalDownloader(leecher.port(), swarm.library())) {
                swarm.seeder();
                leecher.process().awaitLine(Pattern.compile("connected to download"), Swarm.START);
                assertTrue(original.downloadAll(60_000), original.state());
            }
        }
    }
}
