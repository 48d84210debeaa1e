package netd.sim;

import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.library.LibraryFormat;
import netd.common.library.Sha1;
import netd.common.wire.PeerMessage.BookData;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A swarm on a simulated network: seeders then leechers, each a {@link SimPlayer} running the
 * player's own connection manager, a {@link SimHub}, and one virtual clock. Everything random
 * comes from one seed, and nothing depends on the wall clock or on threads, so a seed gives the
 * same run every time.
 */
final class Simulation {
    private static final long PROGRESS_MICROS = 10_000_000;

    final SimConfig config;
    final EventQueue clock = new EventQueue();
    final Checks checks = new Checks();
    final Library library;
    final long latencyMicros;
    final SimHub hub;
    private final byte[] stuff;
    private final List<SimPlayer> players = new ArrayList<>();
    private final PrintStream out;
    private int staying;
    private int completeStaying;
    private long deliveredBytes;
    private long writtenBytes;
    private long droppedBytes;
    private final boolean[] leavesHalfWay;
    /** Per book, the leechers that kept it (for the diagnosis: were the seeder's sends needed?). */
    private final int[] keptBy;
    final IdleSplit idleSplit = new IdleSplit();
    private long seederSends;
    private long seederSendsKeptElsewhere;

    Simulation(SimConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
        this.latencyMicros = Math.round(config.latencyMillis() * 1000);
        SplittableRandom random = new SplittableRandom(config.seed());
        this.stuff = new byte[Math.toIntExact(config.stuffBytes())];
        random.split().nextBytes(stuff);
        this.library = library(stuff, config.bookSize());
        this.hub = new SimHub(this, random.split());
        this.keptBy = new int[library.bookCount()];
        int total = config.seeders() + config.players();
        this.leavesHalfWay = new boolean[total];
        double[] leecherUplinks = leecherUplinks(config, random.split());
        SplittableRandom leaving = random.split();
        for (int i = 0; i < total; i++) {
            boolean seeder = i < config.seeders();
            boolean freeRider = !seeder && i >= total - config.freeRiders();
            double uplink = seeder ? config.seederUplink() : leecherUplinks[i - config.seeders()];
            players.add(new SimPlayer(this, i, random.split(), uplink, config.downlink(), seeder, !freeRider, config));
            leavesHalfWay[i] = !seeder && !freeRider && leaving.nextDouble() < config.leaveRate();
            if (!seeder && !leavesHalfWay[i]) {
                staying++;
            }
        }
        scheduleArrivals(random.split(), random.split());
    }

    /** The leechers' uplinks: each share of the list, in a shuffled order so no range of numbers is all fast. */
    private static double[] leecherUplinks(SimConfig config, SplittableRandom random) {
        double[] uplinks = new double[config.players()];
        int at = 0;
        double cumulative = 0;
        for (SimConfig.Uplink uplink : config.uplinks()) {
            cumulative += uplink.share();
            int until = Math.min(uplinks.length, (int) Math.round(cumulative * uplinks.length));
            while (at < until) {
                uplinks[at++] = uplink.mbit();
            }
        }
        double last = config.uplinks().getLast().mbit();
        while (at < uplinks.length) {
            uplinks[at++] = last;
        }
        for (int i = uplinks.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double swap = uplinks[i];
            uplinks[i] = uplinks[j];
            uplinks[j] = swap;
        }
        return uplinks;
    }

    /**
     * Each player's launch: seeders at once, leechers all at once or as a Poisson process. A
     * leecher is in the swarm its start-up later (drawn from {@code startUps}, none by default),
     * and its time counts from its launch, as a user's (and bench-netlab's) clock does.
     */
    private void scheduleArrivals(SplittableRandom random, SplittableRandom startUps) {
        double at = 0;
        SimConfig.Hosts hosts = config.hosts();
        for (SimPlayer player : players) {
            double startUp = 0;
            if (!player.seeder) {
                if (config.arrivalsPerSecond() > 0) {
                    at += -Math.log(1 - random.nextDouble()) / config.arrivalsPerSecond();
                }
                if (hosts.startUpMax() > 0) {
                    startUp = hosts.startUpMin() + startUps.nextDouble() * (hosts.startUpMax() - hosts.startUpMin());
                }
            }
            player.launchedAtMicros = Math.round(at * 1_000_000);
            clock.at(Math.round((at + startUp) * 1_000_000), player::arrive);
        }
    }

    /** The library of {@code stuff}, its books' SHA-1 computed once. */
    static Library library(byte[] stuff, int bookSize) {
        int books = (stuff.length + bookSize - 1) / bookSize;
        byte[] hashes = new byte[books * Library.HASH_LENGTH];
        for (int i = 0; i < books; i++) {
            int from = i * bookSize;
            byte[] sha1 = Sha1.of(Arrays.copyOfRange(stuff, from, Math.min(stuff.length, from + bookSize)));
            System.arraycopy(sha1, 0, hashes, i * Library.HASH_LENGTH, Library.HASH_LENGTH);
        }
        return LibraryFormat.create(new HostPort("10.77.0.254", 6969), "stuff.bin", stuff.length, bookSize, hashes, null, null);
    }

    /** Runs until every staying leecher completes, or the time limit. */
    Summary run() {
        progressLoop();
        idleLoop();
        long until = Math.round(config.maxSeconds() * 1_000_000);
        while (!finished() && clock.runNext(until)) {
            // each event does its own work
        }
        // What is due the moment the last leecher completes still happens (its leaving, with --exit-when-done).
        while (clock.runNext(clock.nowMicros())) {
            // as above
        }
        return summary();
    }

    boolean finished() {
        return completeStaying == staying;
    }

    private void progressLoop() {
        clock.after(PROGRESS_MICROS, () -> {
            if (finished()) {
                return;
            }
            if (config.progress()) {
                out.printf("sim: t %.0f s, complete %d of %d, seeder copies %.2f%n", clock.nowMicros() / 1e6,
                        completeStaying, staying, seederCopies());
            }
            progressLoop();
        });
    }

    /** Samples why idle uplinks are idle, until every staying leecher completes. */
    private void idleLoop() {
        clock.after(IdleSplit.SAMPLE_MICROS, () -> {
            if (finished()) {
                return;
            }
            idleSplit.sample(clock.nowMicros(), players, heldByEveryLeecher());
            idleLoop();
        });
    }

    /** The books every leecher in the swarm that is not complete holds (every book when none is left). */
    private java.util.BitSet heldByEveryLeecher() {
        java.util.BitSet every = new java.util.BitSet();
        every.set(0, library.bookCount());
        for (SimPlayer player : players) {
            if (player.present && !player.seeder && !player.complete()) {
                every.and(player.heldView());
            }
        }
        return every;
    }

    String idleSplit() {
        return idleSplit.report();
    }

    String idleSplitBySecond() {
        return idleSplit.reportBySecond();
    }

    // ---- what players report ----

    SimPlayer playerAt(InetSocketAddress address) {
        int number = address.getPort() - 10_000;
        return number >= 0 && number < players.size() ? players.get(number) : null;
    }

    ByteBuffer bookView(int index) {
        return ByteBuffer.wrap(stuff, (int) library.bookOffset(index), library.bookLength(index)).slice().asReadOnlyBuffer();
    }

    boolean verify(BookData book) {
        return !config.hash() || library.verifies(book.index(), book.data());
    }

    void delivered(long bytes) {
        deliveredBytes += bytes;
    }

    void written(int index, long bytes) {
        writtenBytes += bytes;
        keptBy[index]++;
    }

    /** A seeder queues book {@code index}: counted as a send some leecher could have made instead when one kept it already. */
    void seederSending(int index) {
        seederSends++;
        if (keptBy[index] > 0) {
            seederSendsKeptElsewhere++;
        }
    }

    /**
     * Where the upload went: how busy the leechers' uplinks were while they were in the swarm,
     * how many of the seeders' books some leecher already held (a leecher could have sent them),
     * and the most one connection ever had waiting on an uplink. A real link holds back books past
     * 256 messages or 4 MiB waiting (Uploading's bounds), where the simulated one, which never
     * backs up, would not: while the most stays below them, the two behave alike.
     */
    String diagnosis() {
        long busy = 0;
        long present = 0;
        int mostItems = 0;
        long mostBytes = 0;
        for (SimPlayer player : players) {
            mostItems = Math.max(mostItems, player.uplink.mostQueuedItems);
            mostBytes = Math.max(mostBytes, player.uplink.mostQueuedBytes);
            if (!player.seeder && player.serves && player.arrivedAtMicros >= 0) {
                busy += player.uplink.busyMicros();
                present += (player.leftAtMicros >= 0 ? player.leftAtMicros : clock.nowMicros()) - player.arrivedAtMicros;
            }
        }
        return String.format(java.util.Locale.ROOT,
                "sim: leechers' uplinks busy %.0f %% of their time in the swarm; seeders sent %d books, %d of them held by a leecher"
                        + " already; most on one uplink at once: %d messages, %.1f MiB of books",
                present == 0 ? 0 : 100.0 * busy / present, seederSends, seederSendsKeptElsewhere, mostItems,
                mostBytes / (double) (1 << 20));
    }

    void wasted(long bytes) {
        droppedBytes += bytes;
    }

    /** After each book kept: a leecher chosen to leave half-way goes once it holds half the books. */
    void progressed(SimPlayer player) {
        if (leavesHalfWay[player.number] && player.heldBooks() * 2 >= library.bookCount()) {
            clock.after(0, player::leave);
        }
    }

    /** A leecher completed. */
    void completed(SimPlayer player) {
        if (!leavesHalfWay[player.number]) {
            completeStaying++;
        }
    }

    /** A leecher that completed is no longer needed; with --exit-when-done it leaves now, as the player's process ends. */
    void noLongerNeeded(SimPlayer player) {
        if (config.hosts().exitWhenDone()) {
            clock.after(0, player::leave);
        }
    }

    /** Seeders leave once they uploaded --seeder-leaves-after copies (checked as they send). */
    void uploaded(SimPlayer player) {
        if (player.seeder && config.seederLeavesAfter() > 0 && player.present
                && player.bytesUp >= config.seederLeavesAfter() * config.stuffBytes()) {
            clock.after(0, player::leave);
        }
    }

    /** Books no present player holds: once one is, the players that stay cannot complete. */
    int booksLost() {
        java.util.BitSet anywhere = new java.util.BitSet();
        for (SimPlayer player : players) {
            if (player.present) {
                anywhere.or(player.heldSet());
            }
        }
        return library.bookCount() - anywhere.cardinality();
    }

    double seederCopies() {
        long up = 0;
        for (SimPlayer player : players) {
            if (player.seeder) {
                up += player.bytesUp;
            }
        }
        return (double) up / config.stuffBytes();
    }

    List<SimPlayer> players() {
        return List.copyOf(players);
    }

    private Summary summary() {
        List<Double> times = new ArrayList<>();
        double seederUp = 0;
        double leecherUp = 0;
        for (SimPlayer player : players) {
            if (player.seeder) {
                seederUp += player.uplinkMbit;
            } else if (player.serves) {
                leecherUp += player.uplinkMbit;
            }
            if (staysLeeching(player) && player.doneAtMicros >= 0) {
                times.add(downloadSeconds(player));
            }
        }
        times.sort(null);
        double bits = config.stuffBytes() * 8.0 / 1e6;
        double fluid = Math.max(Math.max(bits / seederUp, bits / config.downlink()),
                config.players() * bits / (seederUp + leecherUp));
        long wasted = deliveredBytes - writtenBytes + droppedBytes;
        return new Summary(config.players(), config.sizeMiB(), percentile(times, 0.5), percentile(times, 0.9),
                times.isEmpty() ? Double.NaN : times.getLast(), fluid, seederCopies(), wasted / (double) (1 << 20),
                completeStaying, staying, checks.broken(), clock.nowMicros() / 1e6);
    }

    /** The staying leechers' download times by class (their uplink, or none for a free rider). */
    ClassTimes classTimes() {
        ClassTimes classes = new ClassTimes();
        for (SimPlayer player : players) {
            if (staysLeeching(player)) {
                classes.add(!player.serves, player.uplinkMbit, player.doneAtMicros < 0 ? Double.NaN : downloadSeconds(player));
            }
        }
        return classes;
    }

    /** Whether {@code player} is a leecher that stays to the end: the players the summary's times are of. */
    private boolean staysLeeching(SimPlayer player) {
        return !player.seeder && !leavesHalfWay[player.number];
    }

    /** A leecher's download time, from its launch to its completion (it completed). */
    private static double downloadSeconds(SimPlayer player) {
        return (player.doneAtMicros - player.launchedAtMicros) / 1e6;
    }

    /** The nearest-rank percentile. */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
