package netd.hub;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomSampleTest {
    private final RandomSample sample = new RandomSample();

    private int[] indexes(int size, int count, SplittableRandom random) {
        return Arrays.copyOf(sample.indexes(size, count, random), Math.min(size, count));
    }

    @Test
    void takesEverythingWhenThereIsNoMoreThanAsked() {
        assertArrayEquals(new int[] {0, 1, 2}, indexes(3, 5, new SplittableRandom(1)));
        assertArrayEquals(new int[0], indexes(0, 5, new SplittableRandom(1)));
    }

    @Test
    void picksDistinctIndexesInRange() {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 100; round++) {
            int[] picked = indexes(60, 51, random);
            assertEquals(51, Arrays.stream(picked).distinct().count());
            assertTrue(Arrays.stream(picked).allMatch(i -> i >= 0 && i < 60));
        }
    }

    @Test
    void everyIndexCanBePicked() {
        SplittableRandom random = new SplittableRandom(5);
        boolean[] seen = new boolean[100];
        for (int round = 0; round < 200; round++) {
            for (int index : indexes(100, 5, random)) {
                seen[index] = true;
            }
        }
        for (boolean wasSeen : seen) {
            assertTrue(wasSeen);
        }
    }
}
