package netd.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The leechers' download times by class: faster uplinks first, free riders last, each with its mean and median. */
class ClassTimesTest {
    @Test
    void oneClassSaysNothingTheSummaryDoesNot() {
        ClassTimes times = new ClassTimes();
        times.add(false, 32, 9.5);
        times.add(false, 32, 10.5);
        assertNull(times.line());
    }

    @Test
    void eachClassHasItsMeanAndMedianFasterUplinksFirstFreeRidersLast() {
        ClassTimes times = new ClassTimes();
        times.add(false, 10, 15);
        times.add(true, 100, 16);
        times.add(false, 100, 12);
        times.add(false, 10, 13);
        times.add(false, 100, 10);
        times.add(false, 10, 14);
        times.add(true, 10, 18);
        assertEquals("sim: by class: 2 at 100 Mbit/s: mean 11.00 s, median 10.00 s; 3 at 10 Mbit/s: mean 14.00 s, median 14.00 s;"
                + " 2 free riders: mean 17.00 s, median 16.00 s", times.line());
    }

    @Test
    void aClassNotAllCompleteSaysHowManyDid() {
        ClassTimes times = new ClassTimes();
        times.add(false, 2.5, 20);
        times.add(false, 2.5, Double.NaN);
        times.add(false, 2.5, 22);
        times.add(true, 32, Double.NaN);
        assertEquals("sim: by class: 3 at 2.5 Mbit/s: 2 of 3 complete, mean 21.00 s, median 20.00 s; 1 free rider: 0 of 1 complete",
                times.line());
    }
}
