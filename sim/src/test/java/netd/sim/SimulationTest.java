package netd.sim;

import netd.player.PlayerTuning;

import netd.player.choke.ChokingRounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small swarms through the whole simulator: every player completes, the same seed gives the
 * same run line for line, and no player breaks the rules the simulated network counts (keeps
 * only verified books, sends only books it holds, stays within its connection and upload-slot
 * limits), whether players come and go or not.
 */
@Timeout(300)
class SimulationTest {
    @Test
    void aFlashCrowdOfFiftyCompletesTheSameWayEveryTime() {
        SimConfig config = config(50, 1, 0, 0, 0, 7);
        Run first = run(config);
        Run second = run(config);
        assertEquals(50, first.summary.complete(), first.summary.line());
        assertEquals(50, first.summary.staying());
        assertEquals(first.output, second.output, "the same seed, the same output");
        assertEquals(first.summary.line(), second.summary.line());
        assertTrue(first.summary.max() >= first.summary.fluidBound(), "no faster than the fluid bound: " + first.summary.line());
        assertRulesKept(first);
        assertTrue(first.simulation.checks.mostUnchoked >= 1, "someone was unchoked");
        assertNull(first.simulation.classTimes().line(), "one class: nothing by class");
    }

    @Test
    void anotherSeedGivesAnotherRun() {
        Run one = run(config(50, 1, 0, 0, 0, 7));
        Run other = run(config(50, 1, 0, 0, 0, 8));
        assertEquals(50, other.summary.complete());
        assertTrue(!one.output.equals(other.output), "the seed steers the run");
    }

    @Test
    void playersThatStayCompleteWhenOthersLeaveHalfWayBesideAFreeRider() {
        Run run = run(config(40, 1, 0, 0.1, 1, 11));
        assertEquals(run.summary.staying(), run.summary.complete(), run.summary.line());
        assertTrue(run.summary.staying() < 40, "some left half-way: " + run.summary.line());
        assertEquals(0, run.simulation.booksLost());
        String byClass = run.simulation.classTimes().line();
        assertTrue(byClass.startsWith("sim: by class: " + (run.summary.staying() - 1) + " at 32 Mbit/s: mean ")
                && byClass.contains("; 1 free rider: mean "), byClass);
        assertRulesKept(run);
    }

    @Test
    void leechersThatExitWhenDoneLeaveOnceNoLongerNeededAndLingerNoLongerThanThePlayerDoes() {
        Run run = run(config(12, 1, 0, 0, 0, 5, new SimConfig.Hosts(0, 0, 0, true)));
        assertEquals(12, run.summary.complete(), run.summary.line());
        // The player lingers at most LINGER_MILLIS, looked at every tick (a second) at the latest.
        long most = (PlayerTuning.LINGER_MILLIS + PlayerTuning.TICK_MILLIS) * 1000;
        int left = 0;
        for (SimPlayer player : run.simulation.players()) {
            if (!player.seeder) {
                long end = player.leftAtMicros >= 0 ? player.leftAtMicros : run.simulation.clock.nowMicros();
                assertTrue(end >= player.doneAtMicros && end - player.doneAtMicros <= most,
                        "player " + player.number + " completed at " + player.doneAtMicros + " and stayed until " + end);
                left += player.leftAtMicros >= 0 ? 1 : 0;
            }
        }
        assertTrue(left > 0, "the leechers done early left before the last completed");
        assertRulesKept(run);
    }

    @Test
    void aLeechersStartUpDelaysItsJoiningAndCountsInItsTime() {
        Run run = run(config(12, 1, 0, 0, 0, 5, new SimConfig.Hosts(1.5, 2.5, 0, false)));
        assertEquals(12, run.summary.complete(), run.summary.line());
        for (SimPlayer player : run.simulation.players()) {
            long startUp = player.arrivedAtMicros - player.launchedAtMicros;
            if (player.seeder) {
                assertEquals(0, startUp);
            } else {
                assertTrue(startUp >= 1_500_000 && startUp <= 2_500_000, "player " + player.number + ": start-up " + startUp + " us");
            }
        }
        assertTrue(run.summary.p50() >= 1.5 + run.summary.fluidBound(), "a time counts its start-up: " + run.summary.line());
    }

    @Test
    void aSwarmLikeTheLabsCompletesTheSameWayEveryTime() {
        SimConfig config = config(8, 1, 0, 0, 0, 3, new SimConfig.Hosts(0.5, 1, 200, true));
        Run first = run(config);
        Run second = run(config);
        assertEquals(8, first.summary.complete(), first.summary.line());
        assertEquals(first.output, second.output, "the same seed, the same output");
        assertRulesKept(first);
    }

    /**
     * Players arriving over a second and a half, the seeder gone after uploading 1.5 copies: it
     * must have sent every book once before it sent any twice, or a book leaves with it. Before
     * the initial seeding ranked books by copies out first, a book offered to a downloader that
     * asked for others first waited behind books sent twice, and nobody completed (seeds 9 and 12).
     */
    @Test
    void playersArrivingOneByOneCompleteWhenTheSeederLeavesAfterOneAndAHalfCopies() {
        for (long seed : new long[] {9, 12}) {
            Run run = run(config(30, 1, 1.5, 0, 0, seed, 20, SimConfig.Hosts.IDEAL));
            assertEquals(0, run.simulation.booksLost(), "seed " + seed + ": a book left with the seeder");
            assertEquals(30, run.summary.complete(), "seed " + seed + ": " + run.summary.line());
            assertRulesKept(run);
        }
    }

    /**
     * Why idle uplinks were idle. A lone leecher: the seeder never downloads, so nobody is
     * linked to its uplink, all the time. Among fifty, every sampled moment falls under busy or
     * one cause, and nobody's uplink is idle while requests wait at it (a simulated link sends
     * at once).
     */
    @Test
    void theIdleSplitNamesACauseForEveryIdleMoment() {
        IdleSplit lone = run(config(1, 1, 0, 0, 0, 7)).simulation.idleSplit;
        assertEquals(1, lone.share(IdleSplit.Cause.NO_LINK, false), 1e-9, lone.report());
        assertEquals(0, lone.busyShare());

        IdleSplit crowd = run(config(50, 1, 0, 0, 0, 7)).simulation.idleSplit;
        double total = crowd.busyShare();
        for (IdleSplit.Cause cause : IdleSplit.Cause.values()) {
            total += crowd.share(cause, false) + crowd.share(cause, true);
        }
        assertEquals(1, total, 1e-9, crowd.report());
        assertTrue(crowd.busyShare() > 0.3, crowd.report());
        assertTrue(crowd.share(IdleSplit.Cause.HELD_BACK, false) < 0.01, crowd.report());
    }

    private static void assertRulesKept(Run run) {
        Checks checks = run.simulation.checks;
        assertEquals(List.of(), checks.first(), "rules broken");
        assertEquals(0, checks.broken());
        assertTrue(checks.mostConnections <= 50, "connections " + checks.mostConnections);
        // Each player against its own bound (--max-uploads + 1 while downloading, more while
        // seeding) is a rule counted in broken(); this is the most any player unchoked.
        assertTrue(checks.mostUnchoked <= ChokingRounds.mostSeedingSlots(4), "unchoked " + checks.mostUnchoked);
    }

    /** {@code players} leechers in a flash crowd, a seeder, 4 MiB in 16 KiB books, 32 Mbit/s uplinks, 20 ms; every book's SHA-1 checked. */
    private static SimConfig config(int players, int seeders, double seederLeavesAfter, double leaveRate, int freeRiders, long seed) {
        return config(players, seeders, seederLeavesAfter, leaveRate, freeRiders, seed, 0, SimConfig.Hosts.IDEAL);
    }

    private static SimConfig config(int players, int seeders, double seederLeavesAfter, double leaveRate, int freeRiders, long seed,
                                    SimConfig.Hosts hosts) {
        return config(players, seeders, seederLeavesAfter, leaveRate, freeRiders, seed, 0, hosts);
    }

    /** The same, leechers arriving {@code arrivalsPerSecond} a second on average (Poisson), or all at once when 0. */
    private static SimConfig config(int players, int seeders, double seederLeavesAfter, double leaveRate, int freeRiders, long seed,
                                    double arrivalsPerSecond, SimConfig.Hosts hosts) {
        return new SimConfig(players, seeders, 4, 16384, 32, List.of(new SimConfig.Uplink(32, 1)), 1000, 20, arrivalsPerSecond,
                seederLeavesAfter, leaveRate, freeRiders, seed, true, 4, 8, 50, 16, 300, null, null, true, hosts);
    }

    private record Run(Simulation simulation, Summary summary, String output) {
    }

    private static Run run(SimConfig config) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Simulation simulation = new Simulation(config, out);
        Summary summary = simulation.run();
        out.println(summary.line());
        return new Run(simulation, summary, bytes.toString(StandardCharsets.UTF_8));
    }
}
