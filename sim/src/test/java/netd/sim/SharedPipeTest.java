package netd.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A link shared fairly: flows sending at once split it evenly, and each flow keeps its order. */
class SharedPipeTest {
    private final EventQueue clock = new EventQueue();
    /** 8 Mbit/s: one byte a microsecond. */
    private final SharedPipe pipe = new SharedPipe(clock, 8);
    private final List<String> done = new ArrayList<>();

    @Test
    void oneFlowHasTheWholeLink() {
        pipe.add(flow("a"), new SharedPipe.Item(1000, "a1"));
        runAll();
        assertEquals(List.of("a1 at 1000"), done);
    }

    @Test
    void twoFlowsShareItEvenlyAndTheSecondSpeedsUpWhenTheFirstEnds() {
        pipe.add(flow("a"), new SharedPipe.Item(1000, "a1"));
        pipe.add(flow("b"), new SharedPipe.Item(3000, "b1"));
        runAll();
        // Both at half speed until a's 1,000 bytes are through (2,000 us), then b alone: 2,000 more.
        assertEquals(List.of("a1 at 2000", "b1 at 4000"), done);
    }

    @Test
    void aMessageWaitsBehindTheBookSentBeforeItOnItsFlow() {
        SharedPipe.Flow a = flow("a");
        pipe.add(a, new SharedPipe.Item(500, "book"));
        pipe.add(a, new SharedPipe.Item(0, "choke"));
        runAll();
        assertEquals(List.of("book at 500", "choke at 500"), done);
    }

    @Test
    void aDroppedFlowGivesItsShareBack() {
        SharedPipe.Flow a = flow("a");
        pipe.add(a, new SharedPipe.Item(1000, "a1"));
        pipe.add(flow("b"), new SharedPipe.Item(1000, "b1"));
        clock.at(500, () -> assertEquals(1000, pipe.drop(a)));
        runAll();
        // b had 250 bytes by 500 us, then the whole link for the other 750.
        assertEquals(List.of("b1 at 1250"), done);
    }

    private SharedPipe.Flow flow(String name) {
        return new SharedPipe.Flow(item -> done.add(item.payload() + " at " + clock.nowMicros()));
    }

    private void runAll() {
        while (clock.runNext(Long.MAX_VALUE)) {
            // each event does its work
        }
    }
}
