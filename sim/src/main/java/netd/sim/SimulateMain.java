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

    @Option(names = "--latency", paramLabel = "MS", defaultValue = "20", description = "One-way latency of every link (default: ${DEFAULT-VALUE}).")
    double latency;

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

    @Option(names = "--csv", paramLabel = "FILE", description = "One row per player.")
    Path csv;

    @Option(names = "--plot", paramLabel = "FILE.svg", description = "The share of players complete over time.")
    Path plot;

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
        System.out.println(simulation.diagnosis());
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
        require(latency >= 0, "--latency must not be negative");
        require(leaveRate >= 0 && leaveRate <= 1, "--leave-rate must be a share from 0 to 1");
        require(freeRiders >= 0 && freeRiders <= players, "--free-riders must be 0 to --players");
        require(seederLeavesAfter >= 0, "--seeder-leaves-after must not be negative");
        return new SimConfig(players, seeders, sizeMiB, bookSize, uplink, uplinkShares(), downlink, latency, arrivalRate(),
                seederLeavesAfter, leaveRate, freeRiders, seed, hash, 4, 8, 50, 16, maxSeconds, csv, plot, !quiet);
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
