package netd.bench.hub;

import com.sun.management.ThreadMXBean;
import netd.common.bencode.BencodeWriter;
import netd.common.cli.Cli;
import netd.common.cli.CommandDeclaration;
import netd.common.cli.CommandDeclaration.Value;
import netd.common.cli.LoggingOptions;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage.Notify;
import netd.hub.AnnounceTiming;
import netd.hub.InMemoryRegistry;
import netd.hub.Registrar;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;

/**
 * The hub's announce path without its sockets: the hub benchmark's players (the same
 * notifies, the same order) through the real {@link Registrar} over the in-memory registry,
 * each answer's frame written as the hub writes it. It reports the CPU time of this one
 * thread and what it allocated, per announce: figures that a crowded machine disturbs far
 * less than the whole benchmark's, where the kernel's share and the scheduler dominate. The
 * frames' CRC says whether two builds answer byte for byte alike (the draws are seeded).
 */
public final class AnswerPath implements Callable<Integer> {
    private final CommandDeclaration command = new CommandDeclaration(this, "answer-path",
            new String[] {"Runs the hub's announce path in-process and reports CPU time and allocation per announce."},
            new String[0]);
    private final Value<Integer> players = command.option(int.class, "--players", "N", "10000",
            "Players, one connection each (default: ${DEFAULT-VALUE}).");
    private final Value<Integer> stuffs = command.option(int.class, "--stuffs", "N", "100",
            "Stuffs the players are spread over (default: ${DEFAULT-VALUE}).");
    private final Value<Integer> rate = command.option(int.class, "--rate", "N", "50000",
            "Announces per second of the clock the registrar sees (default: ${DEFAULT-VALUE}).");
    private final Value<Integer> rounds = command.option(int.class, "--rounds", "N", "6",
            "Rounds of a million announces; the first warms up (default: ${DEFAULT-VALUE}).");
    /** --quiet keeps the registrar's line per joining player (10,000 of them) out of the figures' way. */
    private final LoggingOptions logging = new LoggingOptions(command);

    private static final int PER_ROUND = 1_000_000;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private long clockNanos;

    public static void main(String[] args) {
        System.exit(Cli.run("answer-path", new AnswerPath().command.spec(), args));
    }

    @Override
    public Integer call() {
        logging.apply();
        int players = this.players.get();
        int stuffs = this.stuffs.get();
        int rate = this.rate.get();
        int rounds = this.rounds.get();
        Notify[] notifies = new Notify[players];
        for (int i = 0; i < players; i++) {
            notifies[i] = BenchPlayers.notify(i, stuffs);
        }
        InstantSource clock = () -> START.plusNanos(clockNanos);
        // The hub's defaults: every 15 s, no sooner than 5 s, 50 players an answer. At the
        // benchmark's rate every refresh is too soon, so answers carry the warning, as there.
        Registrar registrar = new Registrar(new InMemoryRegistry(), AnnounceTiming.of(Duration.ofSeconds(15),
                Duration.ofSeconds(5)), 50, clock, new SplittableRandom(7));
        BencodeWriter writer = HubCodec.answerWriter();
        ThreadMXBean thread = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long step = 1_000_000_000L / rate;
        CRC32 frames = new CRC32();
        long bytes = 0;
        System.out.printf("answer-path: %d players across %d stuffs, %d rounds of %d announces%n", players, stuffs, rounds, PER_ROUND);
        for (int round = 0; round < rounds; round++) {
            long cpuBefore = thread.getCurrentThreadCpuTime();
            long allocatedBefore = thread.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < PER_ROUND; k++) {
                int i = k % players;
                clockNanos += step;
                ByteBuffer frame = registrar.announce(notifies[i], "127.0.0.1", i + 1L).frame(writer);
                bytes += frame.remaining();
                frames.update(frame);
            }
            double cpu = (thread.getCurrentThreadCpuTime() - cpuBefore) / (double) PER_ROUND;
            long allocated = (thread.getCurrentThreadAllocatedBytes() - allocatedBefore) / PER_ROUND;
            System.out.printf("round %d%s: %6.0f ns CPU per announce, %5d bytes allocated per announce%n", round,
                    round == 0 ? " (warm-up)" : "", cpu, allocated);
        }
        System.out.printf("frames: %d bytes on average, CRC32 %08x%n", bytes / ((long) rounds * PER_ROUND), frames.getValue());
        return 0;
    }
}
