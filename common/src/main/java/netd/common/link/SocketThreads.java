package netd.common.link;

/**
 * Threads that block on sockets in a program that ends when its work is done (the player).
 * They are platform threads, never virtual ones: a virtual thread that blocks on a socket
 * starts the JDK's poller, a platform thread that then waits in native code (epoll) for the
 * rest of the process, and a JVM that exits waits up to 300 ms for every thread in native
 * code to come back (HotSpot's {@code VM_Exit::wait_for_threads_in_native_to_block}). With the
 * poller running, every player exit took 0.3 s longer than its work.
 */
public final class SocketThreads {
    private SocketThreads() {
    }

    /** A builder of daemon platform threads. */
    public static Thread.Builder.OfPlatform builder() {
        return Thread.ofPlatform().daemon();
    }
}
