package netd.sim;

import java.nio.file.Path;
import java.util.List;

/**
 * One simulation's inputs (scripts/simulate.sh's options).
 *
 * @param uplinks            leechers' uplinks as shares; one entry of share 1 when every uplink is the same
 * @param arrivalsPerSecond  0 for a flash crowd (everyone at once), else the rate of a Poisson arrival
 * @param seederLeavesAfter  copies of the stuff the seeders upload before they leave; 0 never
 * @param leaveRate          share of the leechers that leave half-way (when they hold half the books)
 * @param freeRiders         leechers that never upload (they refuse every connection)
 * @param hash               verify every book's SHA-1 on arrival; off, a book counts as verified when
 *                           it came from a player that holds it (in the simulator every book is a view
 *                           of the one true stuff, so it would verify): hashing 1,000 x 32 MiB costs minutes
 * @param hosts              what the players' hosts add to the network: start-up, the shaper's queue, leaving when done
 */
record SimConfig(int players, int seeders, double sizeMiB, int bookSize, double seederUplink, List<Uplink> uplinks,
                 double downlink, double latencyMillis, double arrivalsPerSecond, double seederLeavesAfter, double leaveRate,
                 int freeRiders, long seed, boolean hash, int maxUploads, int maxDownloads, int maxConnections, int pipeline,
                 double maxSeconds, Path csv, Path plot, boolean progress, Hosts hosts) {

    /** {@code share} of the leechers upload at {@code mbit} megabits a second. */
    record Uplink(double mbit, double share) {
    }

    /**
     * What a real host adds to the simulated network (scripts/bench-netlab.sh's hosts do all three).
     *
     * @param startUpMin         seconds from a leecher's launch until it is in the swarm (its program's start-up
     *                           before it listens and announces), counted in its time, drawn evenly from
     *                           {@code startUpMin} to {@code startUpMax}
     * @param shaperQueueMillis  each uplink is one queue in front of its shaper, holding up to this many
     *                           milliseconds of its rate (tbf's latency): a small message waits behind the
     *                           books queued there (from any connection) up to that long; 0 lets it pass at once
     * @param exitWhenDone       leechers leave as soon as they are complete (the player's --exit-when-done),
     *                           where by default they stay and seed
     */
    record Hosts(double startUpMin, double startUpMax, double shaperQueueMillis, boolean exitWhenDone) {
        /** Hosts that add nothing: leechers in the swarm at once, small messages never queued, leechers that stay. */
        static final Hosts IDEAL = new Hosts(0, 0, 0, false);
    }

    long stuffBytes() {
        return Math.round(sizeMiB * (1 << 20));
    }
}
