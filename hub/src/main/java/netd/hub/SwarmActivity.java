package netd.hub;

import netd.common.id.InfoHash;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Announces per swarm over the last minute, in one-second slots: counting one costs a map
 * lookup and an add. Time is whole seconds of any steady clock, given by the caller. Not
 * thread-safe: the hub's thread keeps it.
 */
final class SwarmActivity {
    static final int WINDOW_SECONDS = 60;

    private final Map<InfoHash, Slots> swarms = new HashMap<>();
    private long nextSweep;

    void announced(InfoHash infoHash, long second) {
        swarms.computeIfAbsent(infoHash, h -> new Slots()).add(second);
    }

    /** Announces of the swarm in the minute up to {@code second} (included). */
    long lastMinute(InfoHash infoHash, long second) {
        Slots slots = swarms.get(infoHash);
        return slots == null ? 0 : slots.sum(second);
    }

    /** Forgets, once a minute, the swarms silent for a whole minute, so that gone swarms cost nothing. */
    void forgetSilent(long second) {
        if (second < nextSweep) {
            return;
        }
        swarms.values().removeIf(slots -> second - slots.last >= WINDOW_SECONDS);
        nextSweep = second + WINDOW_SECONDS;
    }

    /** Swarms remembered: those announced to in the last minute or two. */
    int size() {
        return swarms.size();
    }

    /** One swarm's counts, slot {@code s % 60} holding second {@code seconds[s % 60]}. */
    private static final class Slots {
        private final long[] seconds = new long[WINDOW_SECONDS];
        private final int[] counts = new int[WINDOW_SECONDS];
        private long last = Long.MIN_VALUE;

        Slots() {
            Arrays.fill(seconds, Long.MIN_VALUE);
        }

        void add(long second) {
            int slot = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
            if (seconds[slot] != second) {
                seconds[slot] = second;
                counts[slot] = 0;
            }
            counts[slot]++;
            last = Math.max(last, second);
        }

        long sum(long second) {
            long sum = 0;
            for (int slot = 0; slot < WINDOW_SECONDS; slot++) {
                long age = second - seconds[slot];
                if (age >= 0 && age < WINDOW_SECONDS) {
                    sum += counts[slot];
                }
            }
            return sum;
        }
    }
}
