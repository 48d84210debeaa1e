package netd.hub;

import java.util.random.RandomGenerator;

/** Picks distinct random indexes without touching the rest of a collection. */
public final class RandomSample {
    private RandomSample() {
    }

    /**
     * {@code count} distinct indexes in {@code [0, size)}, or all of them when {@code size <= count}.
     * Floyd's algorithm: {@code count} draws however large {@code size} is. Membership is a
     * scan of what was picked, O(count²): for answer-sized counts that beats building a set,
     * and it allocates nothing but the result.
     */
    public static int[] indexes(int size, int count, RandomGenerator random) {
        if (size <= count) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] picked = new int[count];
        int n = 0;
        for (int bound = size - count; bound < size; bound++) {
            int candidate = random.nextInt(bound + 1);
            picked[n++] = contains(picked, n - 1, candidate) ? bound : candidate;
        }
        return picked;
    }

    private static boolean contains(int[] values, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }
}
