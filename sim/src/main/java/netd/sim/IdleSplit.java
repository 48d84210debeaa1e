package netd.sim;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * Why the leechers' uplinks sit idle: every {@link #SAMPLE_MICROS} of simulated time, each
 * leecher in the swarm whose uplink has nothing to send is counted under the first cause that
 * holds, judged from its upload links as the uploader sees them (the messages that reached it,
 * the chokes it sent):
 * <ol>
 * <li>no downloader is linked to it;</li>
 * <li>downloaders are linked, none is interested: split by whether it holds a book that one of
 *     them lacks (they do not know it yet, or asked others for it), or only books that every
 *     one of them holds, though it holds one some leecher of the swarm lacks (it is linked to
 *     the wrong players), or none any leecher lacks;</li>
 * <li>some are interested, every one of them is choked (its slots are taken by downloaders
 *     that ask for nothing, or turns);</li>
 * <li>an interested downloader is unchoked, none has a request waiting at it: one is on its
 *     way, or one could ask for a book it holds and has not asked anyone for, or each such
 *     book is asked of its other uploaders;</li>
 * <li>requests wait, the uplink sends nothing (the uploader holds them back).</li>
 * </ol>
 * Each is split by whether the leecher is still downloading or complete. Reading the state
 * changes nothing in the run (no pipe is advanced, nothing random is drawn), so a seed gives
 * the same run with or without it.
 */
final class IdleSplit {
    static final long SAMPLE_MICROS = 10_000;

    enum Cause {
        NO_LINK("no downloader linked"),
        NOT_TOLD("none interested, it holds a book one lacks"),
        WRONG_LINKS("none interested, only books they hold, some leecher lacks one"),
        NOTHING_NEW("none interested, every leecher holds what it holds"),
        ALL_CHOKED("interested ones all choked"),
        FRESH_ON_THE_WAY("unchoked interested, a first request on its way"),
        REFILL_ON_THE_WAY("unchoked interested, a refill on its way"),
        COULD_ASK("unchoked interested, it holds a book one could ask for"),
        ASKED_ELSEWHERE("unchoked interested, what it holds is asked of others"),
        HELD_BACK("requests waiting, nothing sent");

        final String text;

        Cause(String text) {
            this.text = text;
        }
    }

    /** Samples per cause, [0] while downloading, [1] once complete. */
    private final long[][] idle = new long[Cause.values().length][2];
    private long busy;
    /** Per simulated second: samples busy, then per cause (downloading and complete together). */
    private final List<long[]> bySecond = new java.util.ArrayList<>();
    private long seederIdle;
    private long seederSamples;

    /** Counts one moment of the swarm: {@code players} all of them (seeders first). */
    void sample(long nowMicros, List<SimPlayer> players, BitSet heldByEveryLeecher) {
        int second = (int) (nowMicros / 1_000_000);
        while (bySecond.size() <= second) {
            bySecond.add(new long[1 + Cause.values().length]);
        }
        long[] thisSecond = bySecond.get(second);
        for (SimPlayer player : players) {
            if (!player.present) {
                continue;
            }
            if (player.seeder) {
                seederSamples++;
                if (player.uplink.idle()) {
                    seederIdle++;
                }
                continue;
            }
            if (!player.serves) {
                continue;
            }
            if (!player.uplink.idle()) {
                busy++;
                thisSecond[0]++;
                continue;
            }
            Cause cause = cause(player, heldByEveryLeecher);
            idle[cause.ordinal()][player.complete() ? 1 : 0]++;
            thisSecond[1 + cause.ordinal()]++;
        }
    }

    private static Cause cause(SimPlayer player, BitSet heldByEveryLeecher) {
        List<Connection> uploads = player.uploads;
        if (uploads.isEmpty()) {
            return Cause.NO_LINK;
        }
        boolean interested = false;
        boolean unchokedInterested = false;
        for (Connection connection : uploads) {
            if (connection.interestedAtUploader()) {
                interested = true;
                if (connection.unchokedByUploader()) {
                    unchokedInterested = true;
                    if (connection.requestsAtUploader() > 0) {
                        return Cause.HELD_BACK;
                    }
                }
            }
        }
        if (unchokedInterested) {
            return noRequest(player);
        }
        if (interested) {
            return Cause.ALL_CHOKED;
        }
        BitSet held = player.heldView();
        for (Connection connection : uploads) {
            BitSet lacked = (BitSet) held.clone();
            lacked.andNot(connection.downloaderHeld());
            if (!lacked.isEmpty()) {
                return Cause.NOT_TOLD;
            }
        }
        BitSet useful = (BitSet) held.clone();
        useful.andNot(heldByEveryLeecher);
        return useful.isEmpty() ? Cause.NOTHING_NEW : Cause.WRONG_LINKS;
    }

    /**
     * Why no unchoked, interested downloader has a request waiting: one is on its way (a round
     * trip, a batch refilled), or one could ask for a book this player holds that it lacks and
     * has not asked anyone for (its request pipeline is full elsewhere, or its picker passed),
     * or every such book is asked of its other uploaders.
     */
    private static Cause noRequest(SimPlayer player) {
        boolean couldAsk = false;
        for (Connection connection : player.uploads) {
            if (!connection.interestedAtUploader() || !connection.unchokedByUploader()) {
                continue;
            }
            if (connection.requestsOnTheWay() > 0) {
                return connection.freshOnTheWay() > 0 ? Cause.FRESH_ON_THE_WAY : Cause.REFILL_ON_THE_WAY;
            }
            BitSet askable = (BitSet) player.heldView().clone();
            askable.andNot(connection.downloaderHeld());
            for (Connection other : connection.downloader().downloads) {
                askable.andNot(other.askedByDownloader());
            }
            couldAsk |= !askable.isEmpty();
        }
        return couldAsk ? Cause.COULD_ASK : Cause.ASKED_ELSEWHERE;
    }

    /** The share (0 to 1) of the leechers' sampled time that {@code cause} kept idle, while downloading or once complete. */
    double share(Cause cause, boolean complete) {
        return percent(idle[cause.ordinal()][complete ? 1 : 0], samples()) / 100;
    }

    /** The share (0 to 1) of the leechers' sampled time that their uplinks were busy. */
    double busyShare() {
        return percent(busy, samples()) / 100;
    }

    private long samples() {
        long total = busy;
        for (long[] cause : idle) {
            total += cause[0] + cause[1];
        }
        return total;
    }

    /** The split as lines: each cause's share of the leechers' time in the swarm, downloading and complete. */
    String report() {
        long total = samples();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "sim: leechers' uplink time (sampled every %d ms): busy %.1f %%; idle by cause, while downloading + once complete:",
                SAMPLE_MICROS / 1000, percent(busy, total)));
        for (Cause cause : Cause.values()) {
            long[] counts = idle[cause.ordinal()];
            out.append(String.format(Locale.ROOT, "%nsim:   %-62s %5.1f %% + %5.1f %%", cause.text,
                    percent(counts[0], total), percent(counts[1], total)));
        }
        out.append(String.format(Locale.ROOT, "%nsim: seeders' uplinks idle %.1f %% of their time", percent(seederIdle, seederSamples)));
        return out.toString();
    }

    /** One line per simulated second: the share of the leechers' uplink time busy, then idle by cause (in {@link Cause}'s order). */
    String reportBySecond() {
        StringBuilder out = new StringBuilder("sim: second, busy %, then idle % by cause:");
        for (Cause cause : Cause.values()) {
            out.append(' ').append(cause.ordinal() + 1).append('=').append(cause.name());
        }
        for (int second = 0; second < bySecond.size(); second++) {
            long[] counts = bySecond.get(second);
            long total = java.util.Arrays.stream(counts).sum();
            out.append(String.format(Locale.ROOT, "%nsim: %3d", second));
            for (long count : counts) {
                out.append(String.format(Locale.ROOT, " %5.1f", percent(count, total)));
            }
        }
        return out.toString();
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
