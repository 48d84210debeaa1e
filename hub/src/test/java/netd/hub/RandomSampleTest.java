package netd.hub;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomSampleTest {
    @Test
    void takesEverythingWhenThereIsNoMoreThanAsked() {
        assertEquals(Set.of(0, 1, 2), RandomSample.indexes(3, 5, new SplittableRandom(1)));
        assertEquals(Set.of(), RandomSample.indexes(0, 5, new SplittableRandom(1)));
    }

    @Test
    void picksDistinctIndexesInRange() {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 100; round++) {
            Set<Integer> picked = RandomSample.indexes(60, 51, random);
            assertEquals(51, picked.size());
            assertTrue(picked.stream().allMatch(i -> i >= 0 && i < 60));
        }
    }
}
