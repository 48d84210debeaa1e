package netd.hub;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Picks distinct random indexes without touching the rest of a collection. Not thread-safe:
 * it keeps a table of marks and the array it answers in, used again by every pick, so that
 * a pick costs O(count) and allocates nothing.
 */
public final class RandomSample {
    /** {@code marks[i] == round}: index {@code i} was picked in this round. */
    private int[] marks = new int[0];
    private int round;
    private int[] picked = new int[0];

    /**
     * {@code count} distinct indexes in {@code [0, size)}, or all of them when {@code size <= count}:
     * the first {@code min(size, count)} of the array returned, which is valid until the next pick.
     * Floyd's algorithm: {@code count} draws however large {@code size} is.
     */
    public int[] indexes(int size, int count, RandomGenerator random) {
        int n = Math.min(size, count);
        if (picked.length < n) {
            picked = new int[n];
        }
        if (size <= count) {
            for (int i = 0; i < size; i++) {
                picked[i] = i;
            }
            return picked;
        }
        if (marks.length < size) {
            marks = new int[Math.max(size, 2 * marks.length)];
            round = 0;
        }
        if (++round == 0) { // after 2^32 rounds the old marks could match again
            Arrays.fill(marks, 0);
            round = 1;
        }
        int at = 0;
        for (int bound = size - count; bound < size; bound++) {
            int candidate = random.nextInt(bound + 1);
            int index = marks[candidate] == round ? bound : candidate;
            marks[index] = round;
            picked[at++] = index;
        }
        return picked;
    }
}
