package netd.bench.hub;

import netd.common.cli.Cli;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage.Notify;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The hub benchmark's load: many persistent player connections announcing at a fixed total
 * rate (open loop, so a slow hub shows as latency instead of hiding behind fewer requests),
 * from one thread with non-blocking sockets, so the load itself takes little of the machine.
 */
@Command(name = "hub-load", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Announces to a running hub from many connections and reports throughput, latency and the hub's peak RSS.")
public final class HubLoad implements Callable<Integer> {
    @Option(names = "--host", description = "The hub's address (default: ${DEFAULT-VALUE}).")
    private String host = "127.0.0.1";
    @Option(names = "--port", required = true,
            description = "The hub's port; repeated for several hubs (sharing a store), the connections are spread over them.")
    private List<Integer> ports;
    @Option(names = "--connections", description = "Persistent connections, one player each (default: ${DEFAULT-VALUE}).")
    private int connections = 10_000;
    @Option(names = "--stuffs", description = "Stuffs the players are spread over (default: ${DEFAULT-VALUE}).")
    private int stuffs = 100;
    @Option(names = "--rate", description = "Announces per second offered, all connections together (default: ${DEFAULT-VALUE}).")
    private int rate = 50_000;
    @Option(names = "--warmup", description = "Seconds over which the rate ramps up before measuring (default: ${DEFAULT-VALUE}).")
    private int warmupSeconds = 10;
    @Option(names = "--seconds", description = "Seconds measured (default: ${DEFAULT-VALUE}).")
    private int seconds = 20;
    @Option(names = "--hub-pid", description = "The hub's process id, to read its CPU time and peak RSS; repeated for several hubs.")
    private List<Long> hubPids = List.of();
    @Option(names = "--store-pid", description = "The shared store's process id (redis-server), to report its CPU time too.")
    private Long storePid;
    /**
     * Answers counted in the window fall short of the offered rate by those still in flight
     * at its end, so a hub that keeps up answers the rate minus a hair.
     */
    @Option(names = "--target-rate", description = "Announces per second answered required (default: 99% of --rate).")
    private Integer targetRate;
    @Option(names = "--target-p99-ms", description = "p99 latency allowed, in ms (default: ${DEFAULT-VALUE}).")
    private double targetP99Millis = 10;
    @Option(names = "--target-cpu-us", description = "Hub CPU per announce allowed, in µs (default: ${DEFAULT-VALUE}).")
    private double targetCpuMicros = 15;
    @Option(names = "--target-rss-mib", description = "Peak RSS allowed, in MiB (default: ${DEFAULT-VALUE}).")
    private long targetRssMib = 256;

    private final LatencyHistogram latencies = new LatencyHistogram();
    private long measureFrom;
    private long measureTo;
    private long answeredInWindow;
    private long failuresInWindow;
    /** CPU time the hub and this load had used when the measured window opened, and what they used in it. */
    private Duration hubCpuAtStart;
    private Duration loadCpuAtStart;
    private Duration storeCpuAtStart;
    private Duration hubCpuInWindow;
    private Duration loadCpuInWindow;
    private Duration storeCpuInWindow;

    public static void main(String[] args) {
        System.exit(Cli.run("hub-load", new HubLoad(), args));
    }

    @Override
    public Integer call() throws IOException {
        System.out.printf("hub-load: %d connections across %d stuffs to %s:%s; offering %d announces/s for %d s after %d s of warm-up%n",
                connections, stuffs, host, ports.stream().map(String::valueOf).collect(Collectors.joining(",")), rate, seconds,
                warmupSeconds);
        try (Selector selector = Selector.open()) {
            LoadConnection[] players = connect(selector);
            Outcome outcome = run(selector, players);
            return report(outcome);
        }
    }

    private LoadConnection[] connect(Selector selector) throws IOException {
        long started = System.nanoTime();
        LoadConnection[] players = new LoadConnection[connections];
        for (int i = 0; i < connections; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, ports.get(i % ports.size())));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // as players' links do
            channel.configureBlocking(false);
            players[i] = new LoadConnection(channel, notify(i));
            channel.register(selector, SelectionKey.OP_READ, players[i]);
        }
        System.out.printf("connected in %.1f s%n", (System.nanoTime() - started) / 1e9);
        return players;
    }

    private record Outcome(long offered, long skipped, long closedByHub) {
    }

    private Outcome run(Selector selector, LoadConnection[] players) throws IOException {
        ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
        long start = System.nanoTime();
        measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        measureTo = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        long offered = 0;
        long skipped = 0;
        long closedByHub = 0;
        int next = 0;
        for (long now = start; now < measureTo; now = System.nanoTime()) {
            if (hubCpuAtStart == null && now >= measureFrom) {
                hubCpuAtStart = cpuTime(hubPids);
                loadCpuAtStart = cpuTime(ProcessHandle.current().pid());
                storeCpuAtStart = cpuTime(storePid);
            }
            long due = announcesDue(now - start);
            for (; offered < due; offered++) {
                LoadConnection player = players[next];
                next = (next + 1) % players.length;
                // Each notify is timed from its own write: when this thread was late, the
                // notifies due meanwhile go out one after another, the last a few ms after
                // the first, and the hub has not seen them before they are written.
                if (!player.channel().isOpen() || !player.send(System.nanoTime())) {
                    skipped++;
                }
            }
            selector.select(1);
            for (SelectionKey key : selector.selectedKeys()) {
                LoadConnection player = (LoadConnection) key.attachment();
                // Each connection's answers are timed when it is read, not when the round of
                // reads began: reading the ones before it took time the hub did not.
                if (!drain(player, readBuffer, System.nanoTime())) {
                    key.cancel();
                    player.channel().close();
                    closedByHub++;
                }
            }
            selector.selectedKeys().clear();
        }
        hubCpuInWindow = cpuTime(hubPids).minus(hubCpuAtStart);
        loadCpuInWindow = cpuTime(ProcessHandle.current().pid()).minus(loadCpuAtStart);
        storeCpuInWindow = cpuTime(storePid).minus(storeCpuAtStart);
        return new Outcome(offered, skipped, closedByHub);
    }

    /**
     * Announces due {@code elapsed} nanoseconds after the start. The rate ramps up over the
     * warm-up, as a real hub's load grows, instead of hitting a cold JVM at full rate.
     */
    private long announcesDue(long elapsed) {
        double seconds = elapsed / 1e9;
        double warmup = warmupSeconds;
        double full = seconds < warmup ? seconds * seconds / (2 * warmup) : seconds - warmup / 2;
        return (long) (rate * full);
    }

    /** Reads what the hub sent; false when it closed the connection. */
    private boolean drain(LoadConnection player, ByteBuffer buffer, long now) {
        try {
            int read;
            while ((read = player.channel().read(buffer)) > 0) {
                buffer.flip();
                player.received(buffer, now, this::answered);
                buffer.clear();
            }
            return read == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** A failure answer is counted apart: neither answered nor in the latencies. */
    private void answered(long sentAt, long receivedAt, boolean failure) {
        if (failure) {
            failuresInWindow += receivedAt >= measureFrom && receivedAt <= measureTo ? 1 : 0;
            return;
        }
        if (sentAt >= measureFrom && receivedAt <= measureTo) {
            latencies.record(receivedAt - sentAt);
        }
        if (receivedAt >= measureFrom && receivedAt <= measureTo) {
            answeredInWindow++;
        }
    }

    private int report(Outcome outcome) {
        double perSecond = answeredInWindow / (double) seconds;
        double p50 = latencies.percentileMillis(0.50);
        double p99 = latencies.percentileMillis(0.99);
        System.out.printf("offered %d announces, %d not sent (connection busy or closed), %d connections closed by the hub%n",
                outcome.offered(), outcome.skipped(), outcome.closedByHub());
        int requiredRate = targetRate != null ? targetRate : rate * 99 / 100;
        boolean pass = verdict(String.format("announces/s    %9.0f", perSecond), perSecond >= requiredRate,
                ">= " + requiredRate);
        System.out.printf("failures/s     %9.0f (answers with a failure reason: not counted above)%n",
                failuresInWindow / (double) seconds);
        System.out.printf("p50 latency    %9.2f ms%n", p50);
        pass &= verdict(String.format("p99 latency    %9.2f ms", p99), latencies.total() > 0 && p99 < targetP99Millis,
                "< " + targetP99Millis + " ms");
        if (!hubPids.isEmpty() && answeredInWindow > 0) {
            // CPU per announce holds on a busy machine, where throughput and latency do not.
            double cpuMicros = hubCpuInWindow.toNanos() / 1e3 / answeredInWindow;
            pass &= verdict(String.format("hub CPU        %9.1f us per announce", cpuMicros), cpuMicros <= targetCpuMicros,
                    "<= " + targetCpuMicros + " us");
            System.out.printf("hub cores      %9.2f (this load used %.2f cores)%n", hubCpuInWindow.toNanos() / 1e9 / seconds,
                    loadCpuInWindow.toNanos() / 1e9 / seconds);
        }
        if (storePid != null && answeredInWindow > 0) {
            System.out.printf("store CPU      %9.1f us per announce (%.2f cores)%n",
                    storeCpuInWindow.toNanos() / 1e3 / answeredInWindow, storeCpuInWindow.toNanos() / 1e9 / seconds);
        }
        if (!hubPids.isEmpty()) {
            // Of the hub that grew most: each is a process of its own.
            long peakMib = hubPids.stream().mapToLong(HubLoad::peakRssKib).max().orElseThrow() / 1024;
            pass &= verdict(String.format("hub peak RSS   %9d MiB", peakMib), peakMib < targetRssMib, "< " + targetRssMib + " MiB");
        }
        pass &= verdict(String.format("closed by hub  %9d", outcome.closedByHub()), outcome.closedByHub() == 0, "0");
        System.out.println(pass ? "PASS" : "FAIL");
        return pass ? 0 : 1;
    }

    private static boolean verdict(String measured, boolean met, String target) {
        System.out.printf("%-30s (target %s) %s%n", measured, target, met ? "PASS" : "FAIL");
        return met;
    }

    /** CPU time used so far by the processes {@code pids} together. */
    private static Duration cpuTime(List<Long> pids) {
        return pids.stream().map(HubLoad::cpuTime).reduce(Duration.ZERO, Duration::plus);
    }

    /** CPU time used so far by process {@code pid}, or zero when unknown (no pid given, or the system does not tell). */
    private static Duration cpuTime(Long pid) {
        return pid == null ? Duration.ZERO
                : ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    /** VmHWM, the peak resident set size, in KiB. */
    private static long peakRssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no VmHWM in /proc/" + pid + "/status");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the hub's memory use in /proc/" + pid + "/status", e);
        }
    }

    /** Player {@code i}'s notify, encoded ({@link BenchPlayers#notify}). */
    private byte[] notify(int i) {
        Notify notify = BenchPlayers.notify(i, stuffs);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            HubCodec.INSTANCE.encode(notify, new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
