package netd.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One direction of a player's access link (its uplink or its downlink), shared fairly: every
 * flow with something to send gets the same share of the capacity (processor sharing), and
 * each flow sends its items in order, one after the other, as a TCP stream does. Items of no
 * bytes (small messages) pass as soon as they reach the head of their flow, so a message
 * never overtakes a book sent before it on the same connection.
 *
 * <p>With a shaper's queue ({@code queueMicros} above 0) the pipe is also what a real host's
 * uplink is: one queue in front of the shaper, holding at most {@code queueMicros} of its
 * rate. A small message put in behind no book of its own flow then waits behind the bytes
 * queued in the pipe when it was put in, from every flow, up to that long ({@link
 * #queueWaitMicros}), and holds back its own flow's later items meanwhile. One behind a book
 * of its own flow was in the queue with that book, and passes right after it.
 *
 * <p>Fair sharing is kept in virtual time: {@code served} is what each active flow has been
 * given since the start; a flow's head item is done when {@code served} reaches its finish.
 */
final class SharedPipe {
    /** One connection's stream through this pipe. */
    static final class Flow {
        private final ArrayDeque<Queued> items = new ArrayDeque<>();
        private final Consumer<Item> done;
        /** Bytes of the items waiting, the one being sent included. */
        private long bytes;
        private double headFinish;
        /** Counts the flow's drops, so that a wait that ends after one does not deliver a forgotten message. */
        private long drops;

        Flow(Consumer<Item> done) {
            this.done = done;
        }
    }

    /** What passes: {@code bytes} long (0 for a small message). */
    record Item(long bytes, Object payload) {
    }

    /**
     * An item in its flow. {@code readyAt}: when a small message put in behind no book of its
     * own flow leaves the shaper's queue (it entered it when put in); 0 for every other item,
     * which passes as soon as what is ahead of it on its flow has.
     */
    private record Queued(Item item, long readyAt) {
    }

    /** The most items and bytes one flow of this pipe ever had waiting (for the run's diagnosis). */
    int mostQueuedItems;
    long mostQueuedBytes;

    private final EventQueue clock;
    private final double bytesPerMicro;
    private final long queueMicros;
    private final List<Flow> active = new ArrayList<>();
    private double served;
    private long updatedAt;
    /** Microseconds this pipe had something to send: its utilisation, for the run's diagnosis. */
    private long busyMicros;
    /** Only the latest scheduled completion counts; older ones were made stale by a change. */
    private long generation;

    SharedPipe(EventQueue clock, double megabitsPerSecond) {
        this(clock, megabitsPerSecond, 0);
    }

    /** A pipe whose small messages queue behind its books up to {@code queueMicros} (a shaper's queue; 0: none). */
    SharedPipe(EventQueue clock, double megabitsPerSecond, long queueMicros) {
        this.clock = clock;
        this.bytesPerMicro = megabitsPerSecond / 8.0;
        this.queueMicros = queueMicros;
    }

    void add(Flow flow, Item item) {
        advance();
        boolean behindNoBook = flow.bytes == 0;
        flow.items.add(new Queued(item, item.bytes() == 0 && behindNoBook ? clock.nowMicros() + queueWaitMicros() : 0));
        flow.bytes += item.bytes();
        mostQueuedItems = Math.max(mostQueuedItems, flow.items.size());
        mostQueuedBytes = Math.max(mostQueuedBytes, flow.bytes);
        if (flow.items.size() == 1) {
            startHead(flow);
        }
        reschedule();
    }

    /** Forgets what {@code flow} had not sent yet (its connection closed); returns the bytes of the item it was sending. */
    long drop(Flow flow) {
        advance();
        long cut = 0;
        if (active.remove(flow)) {
            cut = flow.items.peek().item().bytes();
        }
        flow.items.clear();
        flow.bytes = 0;
        flow.drops++;
        reschedule();
        return cut;
    }

    /**
     * How long a small message put in now waits in the shaper's queue: the bytes queued in this
     * pipe at the pipe's rate, at most the queue's length (a real queue holds no more; the rest
     * waits in the senders' buffers, behind which a message on another connection does not
     * wait). 0 without a shaper's queue.
     */
    long queueWaitMicros() {
        if (queueMicros == 0 || active.isEmpty()) {
            return 0;
        }
        advance();
        double backlog = 0;
        for (Flow flow : active) {
            backlog += flow.bytes - flow.items.peek().item().bytes() + (flow.headFinish - served);
        }
        return Math.min(queueMicros, (long) Math.ceil(backlog / bytesPerMicro));
    }

    /** Whether no book is being sent now (read without advancing the pipe, so reading it changes no run). */
    boolean idle() {
        return active.isEmpty();
    }

    /** Microseconds so far in which this pipe had something to send. */
    long busyMicros() {
        advance();
        return busyMicros;
    }

    private void startHead(Flow flow) {
        while (!flow.items.isEmpty() && flow.items.peek().item().bytes() == 0) {
            long wait = flow.items.peek().readyAt() - clock.nowMicros();
            if (wait > 0) {
                waitInQueue(flow, wait);
                return;
            }
            flow.done.accept(flow.items.poll().item());
        }
        if (!flow.items.isEmpty()) {
            flow.headFinish = served + flow.items.peek().item().bytes();
            active.add(flow);
        }
    }

    /**
     * The small message at {@code flow}'s head leaves the shaper's queue {@code wait} from now; it
     * stays at the head meanwhile, so the flow's later items (added behind it) wait for it. Those
     * that are small messages too were in the queue meanwhile: they pass when they are ready.
     */
    private void waitInQueue(Flow flow, long wait) {
        long drops = flow.drops;
        clock.after(wait, () -> {
            if (flow.drops != drops) {
                return;
            }
            flow.done.accept(flow.items.poll().item());
            advance();
            startHead(flow);
            reschedule();
        });
    }

    private void advance() {
        long now = clock.nowMicros();
        if (!active.isEmpty()) {
            served += (now - updatedAt) * bytesPerMicro / active.size();
            busyMicros += now - updatedAt;
        }
        updatedAt = now;
    }

    private void reschedule() {
        long mine = ++generation;
        if (active.isEmpty()) {
            return;
        }
        double first = Double.MAX_VALUE;
        for (Flow flow : active) {
            first = Math.min(first, flow.headFinish);
        }
        long delay = (long) Math.ceil((first - served) * active.size() / bytesPerMicro);
        clock.after(delay, () -> {
            if (generation == mine) {
                complete();
            }
        });
    }

    private void complete() {
        advance();
        for (Flow flow : List.copyOf(active)) {
            if (flow.headFinish <= served + 1e-6) {
                active.remove(flow);
                Item sent = flow.items.poll().item();
                flow.bytes -= sent.bytes();
                flow.done.accept(sent);
                startHead(flow);
            }
        }
        reschedule();
    }
}
