package netd.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A link shared fairly: flows sending at once split it evenly, and each flow keeps its order;
 * with a shaper's queue, small messages wait behind the books queued, up to the queue's length.
 */
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

    @Test
    void withoutAShaperQueueAMessagePassesAtOnceBesideAnotherFlowsBook() {
        pipe.add(flow("a"), new SharedPipe.Item(50_000, "book"));
        pipe.add(flow("b"), new SharedPipe.Item(0, "have"));
        runAll();
        assertEquals(List.of("have at 0", "book at 50000"), done);
    }

    @Test
    void aMessageWaitsInTheShaperQueueBehindTheBooksQueuedOnOtherFlows() {
        SharedPipe shaped = new SharedPipe(clock, 8, 100_000);
        shaped.add(flow("a"), new SharedPipe.Item(30_000, "a-book"));
        shaped.add(flow("b"), new SharedPipe.Item(20_000, "b-book"));
        SharedPipe.Flow c = flow("c");
        clock.at(10_000, () -> shaped.add(c, new SharedPipe.Item(0, "have")));
        runAll();
        // At 10,000 us 40,000 bytes are left of the two books: the have leaves 40,000 us later.
        assertEquals(List.of("b-book at 40000", "have at 50000", "a-book at 50000"), done);
    }

    @Test
    void theShaperQueueHoldsNoMoreThanItsLength() {
        SharedPipe shaped = new SharedPipe(clock, 8, 100_000);
        shaped.add(flow("a"), new SharedPipe.Item(300_000, "book"));
        assertEquals(100_000, shaped.queueWaitMicros(), "300 ms of books queued, 100 ms of them in the shaper's queue");
        shaped.add(flow("b"), new SharedPipe.Item(0, "request"));
        runAll();
        assertEquals(List.of("request at 100000", "book at 300000"), done);
    }

    @Test
    void messagesPutInWhileOneWaitsWereInTheQueueWithIt() {
        SharedPipe shaped = new SharedPipe(clock, 8, 100_000);
        shaped.add(flow("a"), new SharedPipe.Item(300_000, "book"));
        SharedPipe.Flow b = flow("b");
        shaped.add(b, new SharedPipe.Item(0, "have 1"));
        clock.at(1_000, () -> shaped.add(b, new SharedPipe.Item(0, "have 2")));
        runAll();
        // Not 100 ms more behind the first: the second entered the queue 1 ms after it.
        assertEquals(List.of("have 1 at 100000", "have 2 at 101000", "book at 300000"), done);
    }

    @Test
    void aWaitingMessageHoldsBackWhatItsFlowSendsAfterIt() {
        SharedPipe shaped = new SharedPipe(clock, 8, 100_000);
        shaped.add(flow("a"), new SharedPipe.Item(10_000, "a-book"));
        SharedPipe.Flow b = flow("b");
        shaped.add(b, new SharedPipe.Item(0, "unchoke"));
        shaped.add(b, new SharedPipe.Item(1_000, "b-book"));
        runAll();
        assertEquals(List.of("unchoke at 10000", "a-book at 10000", "b-book at 11000"), done);
    }

    @Test
    void aMessageWaitingOnADroppedFlowNeverLeaves() {
        SharedPipe shaped = new SharedPipe(clock, 8, 100_000);
        shaped.add(flow("a"), new SharedPipe.Item(10_000, "book"));
        SharedPipe.Flow b = flow("b");
        shaped.add(b, new SharedPipe.Item(0, "have"));
        clock.at(5_000, () -> assertEquals(0, shaped.drop(b)));
        runAll();
        assertEquals(List.of("book at 10000"), done);
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
