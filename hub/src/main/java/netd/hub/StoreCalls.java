package netd.hub;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where the hub's calls to its store run. The in-memory store answers in well under a
 * microsecond, so its calls run on the hub's thread as they come ({@link #onHubThread});
 * a shared store's round trip takes far longer, and while it runs no connection would be
 * served, so its calls run on a thread of their own ({@link StoreThread}). Either way the
 * returned future completes on the hub's thread, where its continuations may write answers
 * and touch what the hub's thread owns.
 */
interface StoreCalls extends AutoCloseable {
    /** Runs {@code work} (a call to the store) and completes the future with its result on the hub's thread. */
    <T> CompletableFuture<T> call(Supplier<T> work);

    /** Stops taking calls once those already given have run. */
    @Override
    default void close() throws InterruptedException {
    }

    /** Calls run at once, on the caller's thread: the hub's. */
    static StoreCalls onHubThread() {
        return new StoreCalls() {
            @Override
            public <T> CompletableFuture<T> call(Supplier<T> work) {
                try {
                    return CompletableFuture.completedFuture(work.get());
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
        };
    }
}
