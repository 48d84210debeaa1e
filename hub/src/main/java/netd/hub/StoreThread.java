package netd.hub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One thread that makes every call to a shared store, in the order given, so the store's
 * connection and its notes need no lock; each result is posted back to the hub's thread.
 * How many calls may wait here is bounded by the {@link HubLibrary}, which gives at most one
 * batch of announces at a time and a bounded number of other calls.
 */
final class StoreThread implements StoreCalls {
    private static final Logger log = LoggerFactory.getLogger(StoreThread.class);
    /** Marks the end of the calls: the thread stops when it takes it. */
    private static final Runnable STOP = () -> { };

    private final BlockingQueue<Runnable> calls = new LinkedBlockingQueue<>();
    private final Consumer<Runnable> toHubThread;
    private final Thread thread;

    /** {@code toHubThread} runs a task on the hub's thread ({@link HubLibrary#post}). */
    StoreThread(Consumer<Runnable> toHubThread) {
        this.toHubThread = toHubThread;
        this.thread = Thread.ofPlatform().daemon().name("hub-store").start(this::run);
    }

    @Override
    public <T> CompletableFuture<T> call(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        calls.add(() -> {
            T value;
            try {
                value = work.get();
            } catch (RuntimeException e) {
                toHubThread.accept(() -> result.completeExceptionally(e));
                return;
            }
            toHubThread.accept(() -> result.complete(value));
        });
        return result;
    }

    @Override
    public void close() throws InterruptedException {
        calls.add(STOP);
        thread.join();
    }

    private void run() {
        try {
            for (Runnable call; (call = calls.take()) != STOP; ) {
                call.run();
            }
        } catch (InterruptedException e) {
            log.debug("the store's thread was interrupted: it stops");
        }
    }
}
