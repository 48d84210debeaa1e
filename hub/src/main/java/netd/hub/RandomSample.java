package netd.hub;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Picks distinct random indexes without touching the rest of a collection. */
public final class RandomSample {
    private RandomSample() {
    }

    /**
     * {@code count} distinct indexes in {@code [0, size)}, or all of them when {@code size <= count}.
     * Floyd's algorithm: {@code count} draws, however large {@code size} is.
     */
    public static Set<Integer> indexes(int size, int count, RandomGenerator random) {
        Set<Integer> picked = new LinkedHashSet<>();
        if (size <= count) {
            for (int i = 0; i < size; i++) {
                picked.add(i);
            }
            return picked;
        }
        for (int bound = size - count; bound < size; bound++) {
            int candidate = random.nextInt(bound + 1);
            picked.add(picked.contains(candidate) ? bound : candidate);
        }
        return picked;
    }
}
