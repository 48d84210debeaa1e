package netd.sim;

import netd.common.cli.UsageException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The hosts' options: none by default, bench-netlab's with --like-netlab, and any one given wins. */
class SimulateMainTest {
    @Test
    void byDefaultTheHostsAddNothing() {
        SimConfig config = config("--players", "8");
        assertEquals(SimConfig.Hosts.IDEAL, config.hosts());
        assertEquals(20, config.latencyMillis());
    }

    @Test
    void likeNetlabTakesTheLabsHosts() {
        SimConfig config = config("--players", "8", "--like-netlab");
        assertEquals(new SimConfig.Hosts(2.3, 3.5, 200, true), config.hosts());
        assertEquals(0.1, config.latencyMillis());
    }

    @Test
    void anOptionGivenOverridesLikeNetlab() {
        SimConfig config = config("--players", "8", "--like-netlab", "--start-up", "2", "--shaper-queue", "0",
                "--no-exit-when-done", "--latency", "5");
        assertEquals(new SimConfig.Hosts(2, 2, 0, false), config.hosts());
        assertEquals(5, config.latencyMillis());
    }

    @Test
    void aStartUpRangeMustBeInOrder() {
        assertThrows(UsageException.class, () -> config("--players", "8", "--start-up", "3:1"));
        assertThrows(UsageException.class, () -> config("--players", "8", "--start-up", "fast"));
        assertThrows(UsageException.class, () -> config("--players", "8", "--shaper-queue", "-1"));
    }

    private static SimConfig config(String... args) {
        SimulateMain main = new SimulateMain();
        new CommandLine(main).parseArgs(args);
        return main.config();
    }
}
