package netd.common.link;

import netd.common.ProtocolException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A link owner for tests: records what the link reports, and lets a test wait for it. */
final class RecordingOwner<M> implements LinkOwner<M> {
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private final BlockingQueue<M> messages = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CountDownLatch readEnded = new CountDownLatch(1);
    private final AtomicInteger closings = new AtomicInteger();
    private final List<Integer> undecodable = new ArrayList<>();
    private final boolean keepUndecodable;
    private volatile String reason;

    RecordingOwner(boolean keepUndecodable) {
        this.keepUndecodable = keepUndecodable;
    }

    RecordingOwner() {
        this(false);
    }

    @Override
    public void onMessage(Link<M> link, M message) {
        messages.add(message);
    }

    @Override
    public synchronized boolean onUndecodable(Link<M> link, int id, ProtocolException problem) {
        undecodable.add(id);
        return keepUndecodable;
    }

    @Override
    public void onReadEnd(Link<M> link) {
        readEnded.countDown();
    }

    /** Waits for the link's reader to stop, failing the test if it does not in time. */
    void awaitReadEnd() throws InterruptedException {
        if (!readEnded.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the reader did not stop within " + PATIENCE.toSeconds() + " s");
        }
    }

    @Override
    public void onClosed(Link<M> link, String reason) {
        this.reason = reason;
        closings.incrementAndGet();
        closed.countDown();
    }

    /** The next message, failing the test if none comes in time. */
    M next() throws InterruptedException {
        M message = messages.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + PATIENCE.toSeconds() + " s");
        }
        return message;
    }

    /** Waits for the link to close and returns the reason. */
    String awaitClosed() throws InterruptedException {
        if (!closed.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the link did not close within " + PATIENCE.toSeconds() + " s");
        }
        return reason;
    }

    int closings() {
        return closings.get();
    }

    boolean hasMessages() {
        return !messages.isEmpty();
    }

    synchronized List<Integer> undecodable() {
        return List.copyOf(undecodable);
    }
}
