package netd.sim;

import netd.common.cli.Cli;
import netd.common.cli.UsageException;
import netd.common.wire.PeerMessage.BookData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** scripts/simulate.sh: one simulated swarm, its progress, and a summary line. */
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Simulates a swarm of players running the player's own connection manager on a simulated network.")
public final class SimulateMain implements Callable<Integer> {
    /**
     * The lab's leechers' start-up (launch to listening: 8 JVMs at once on 2 shared cores),
     * measured in bench-netlab.sh's logs; see docs/simulator.md, Fidelity.
     */
    static final String NETLAB_START_UP = "2.3:3.5";
    /** scripts/netlab.sh shapes each uplink with tbf's latency 200ms: its queue holds 200 ms of the rate. */
    static final int NETLAB_SHAPER_QUEUE_MS = 200;

    @Option(names = "--players", paramLabel = "N", required = true, description = "Leechers (players that start with nothing).")
    int players;

    @Option(names = "--seeders", paramLabel = "S", defaultValue = "1", description = "Players that start with every book (default: ${DEFAULT-VALUE}).")
    int seeders;

    @Option(names = "--size", paramLabel = "MIB", defaultValue = "32", description = "The stuff's size in MiB (default: ${DEFAULT-VALUE}).")
    double sizeMiB;

    @Option(names = "--book-size", paramLabel = "BYTES", defaultValue = "16384", description = "Book size (default: ${DEFAULT-VALUE}).")
    int bookSize;

    @Option(names = "--uplink", paramLabel = "MBIT", defaultValue = "32", description = "Every uplink, the seeders' always (default: ${DEFAULT-VALUE}).")
    double uplink;

    @Option(names = "--uplinks", paramLabel = "MBIT:SHARE,...", description = "Leechers' uplinks by share, e.g. 100:0.2,10:0.8.")
    String uplinks;

    @Option(names = "--downlink", paramLabel = "MBIT", defaultValue = "1000", description = "Every downlink (default: ${DEFAULT-VALUE}).")
    double downlink;

    @Option(names = "--latency", paramLabel = "MS", description = "One-way latency of every link (default: 20; 0.1 with --like-netlab).")
    Double latency;

    @Option(names = "--arrival", paramLabel = "flash|poisson:PER_S", defaultValue = "flash", description = "How leechers arrive (default: ${DEFAULT-VALUE}).")
    String arrival;

    @Option(names = "--seeder-leaves-after", paramLabel = "COPIES", defaultValue = "0", description = "Seeders leave after uploading this many copies (default: never).")
    double seederLeavesAfter;

    @Option(names = "--leave-rate", paramLabel = "SHARE", defaultValue = "0", description = "Share of leechers that leave half-way (default: ${DEFAULT-VALUE}).")
    double leaveRate;

    @Option(names = "--free-riders", paramLabel = "N", defaultValue = "0", description = "Leechers that never upload (default: ${DEFAULT-VALUE}).")
    int freeRiders;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "The seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hash", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Verify every book's SHA-1 on arrival (default: on; --no-hash counts a book from a holder as verified).")
    boolean hash;

    @Option(names = "--max-time", paramLabel = "SECONDS", defaultValue = "36000", description = "Simulated seconds at most (default: ${DEFAULT-VALUE}).")
    double maxSeconds;

    @Option(names = "--start-up", paramLabel = "SECONDS[:SECONDS]",
            description = "Each leecher is in the swarm this long after its launch (drawn evenly from the range), counted in its time,"
                    + " as a program's start-up is (default: 0; " + NETLAB_START_UP + " with --like-netlab).")
    String startUp;

    @Option(names = "--shaper-queue", paramLabel = "MS",
            description = "Each uplink's shaper queues up to this many ms of its rate, and small messages wait behind the books"
                    + " queued there (default: 0, they pass at once; " + NETLAB_SHAPER_QUEUE_MS + " with --like-netlab).")
    Double shaperQueue;

    @Option(names = "--exit-when-done", negatable = true,
            description = "Leechers leave as soon as they are complete (default: they stay and seed, as the player does;"
                    + " on with --like-netlab).")
    Boolean exitWhenDone;

    @Option(names = "--like-netlab",
            description = "The defaults of scripts/bench-netlab.sh's hosts: --latency 0.1 --start-up " + NETLAB_START_UP
                    + " --shaper-queue " + NETLAB_SHAPER_QUEUE_MS + " --exit-when-done (each can still be given).")
    boolean likeNetlab;

    @Option(names = "--csv", paramLabel = "FILE", description = "One row per player.")
    Path csv;

    @Option(names = "--plot", paramLabel = "FILE.svg", description = "The share of players complete over time.")
    Path plot;

    @Option(names = "--idle-by-second", description = "Also print why the leechers' uplinks were idle, second by second.")
    boolean idleBySecond;

    @Option(names = "--quiet", description = "No progress lines.")
    boolean quiet;

    public static void main(String[] args) {
        System.exit(Cli.run("simulate", new SimulateMain(), args));
    }

    @Override
    public Integer call() throws IOException {
        SimConfig config = config();
        Simulation simulation = new Simulation(config, System.out);
        Summary summary = simulation.run();
        Reports.write(simulation, config);
        for (String broken : simulation.checks.first()) {
            System.out.println("sim: rule broken: " + broken);
        }
        int lost = simulation.booksLost();
        if (lost > 0) {
            System.out.println("sim: " + lost + " of " + simulation.library.bookCount() + " books are held by no player left in the swarm");
        }
        if (idleBySecond) {
            System.out.println(simulation.idleSplitBySecond());
        }
        System.out.println(simulation.idleSplit());
        System.out.println(simulation.diagnosis());
        String byClass = simulation.classTimes().line();
        if (byClass != null) {
            System.out.println(byClass);
        }
        System.out.println(summary.line());
        return summary.complete() == summary.staying() && summary.rulesBroken() == 0 ? 0 : 1;
    }

    SimConfig config() {
        require(players >= 1, "--players must be at least 1");
        require(seeders >= 0, "--seeders must not be negative");
        require(sizeMiB > 0, "--size must be more than 0");
        require(bookSize >= 1 && bookSize <= BookData.MAX_BYTES, "--book-size must be 1 to " + BookData.MAX_BYTES);
        require(config_stuffBytes() / bookSize < Integer.MAX_VALUE && config_stuffBytes() <= Integer.MAX_VALUE - 8,
                "--size is too large to hold in memory");
        require(uplink > 0 && downlink > 0, "--uplink and --downlink must be more than 0");
        double latencyMillis = latency != null ? latency : likeNetlab ? 0.1 : 20;
        require(latencyMillis >= 0, "--latency must not be negative");
        require(leaveRate >= 0 && leaveRate <= 1, "--leave-rate must be a share from 0 to 1");
        require(freeRiders >= 0 && freeRiders <= players, "--free-riders must be 0 to --players");
        require(seederLeavesAfter >= 0, "--seeder-leaves-after must not be negative");
        return new SimConfig(players, seeders, sizeMiB, bookSize, uplink, uplinkShares(), downlink, latencyMillis,
                arrivalRate(), seederLeavesAfter, leaveRate, freeRiders, seed, hash, 4, 8, 50, 16, maxSeconds, csv, plot, !quiet,
                hosts());
    }

    /** What the hosts add: the options given, else --like-netlab's values, else nothing. */
    private SimConfig.Hosts hosts() {
        double[] startUps = startUps(startUp != null ? startUp : likeNetlab ? NETLAB_START_UP : "0");
        double queue = shaperQueue != null ? shaperQueue : likeNetlab ? NETLAB_SHAPER_QUEUE_MS : 0;
        require(queue >= 0, "--shaper-queue must not be negative");
        return new SimConfig.Hosts(startUps[0], startUps[1], queue, exitWhenDone != null ? exitWhenDone : likeNetlab);
    }

    /** --start-up's SECONDS or SECONDS:SECONDS as the shortest and the longest. */
    private static double[] startUps(String text) {
        String[] fields = text.split(":", -1);
        try {
            double min = Double.parseDouble(fields[0]);
            double max = fields.length == 2 ? Double.parseDouble(fields[1]) : min;
            if (fields.length <= 2 && min >= 0 && max >= min) {
                return new double[] {min, max};
            }
        } catch (NumberFormatException e) {
            // the sentence below says what is expected
        }
        throw new UsageException("--start-up takes SECONDS or MIN:MAX seconds, 0 or more and MIN <= MAX, not " + text);
    }

    private long config_stuffBytes() {
        return Math.round(sizeMiB * (1 << 20));
    }

    private List<SimConfig.Uplink> uplinkShares() {
        if (uplinks == null) {
            return List.of(new SimConfig.Uplink(uplink, 1));
        }
        List<SimConfig.Uplink> shares = new ArrayList<>();
        double total = 0;
        for (String part : uplinks.split(",")) {
            String[] fields = part.split(":");
            require(fields.length == 2, "--uplinks takes MBIT:SHARE,... (e.g. 100:0.2,10:0.8), not " + uplinks);
            try {
                SimConfig.Uplink one = new SimConfig.Uplink(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]));
                require(one.mbit() > 0 && one.share() > 0, "--uplinks needs speeds and shares above 0");
                shares.add(one);
                total += one.share();
            } catch (NumberFormatException e) {
                throw new UsageException("--uplinks takes MBIT:SHARE,... (e.g. 100:0.2,10:0.8), not " + uplinks);
            }
        }
        require(Math.abs(total - 1) < 1e-6, "--uplinks' shares must add up to 1");
        return shares;
    }

    private double arrivalRate() {
        if (arrival.equals("flash")) {
            return 0;
        }
        if (arrival.startsWith("poisson:")) {
            try {
                double rate = Double.parseDouble(arrival.substring("poisson:".length()));
                require(rate > 0, "--arrival poisson:PER_S needs a rate above 0");
                return rate;
            } catch (NumberFormatException e) {
                // the sentence below says what is expected
            }
        }
        throw new UsageException("--arrival takes flash or poisson:PER_S, not " + arrival);
    }

    private static void require(boolean holds, String sentence) {
        if (!holds) {
            throw new UsageException(sentence);
        }
    }
}
