package netd.common.wire;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Buffers of one size outside the heap, reused: what a player's books live in between the
 * socket they arrive on and the file they are written to. A book in a heap array was
 * zeroed when allocated, copied once more on its way to the file (a heap array cannot be
 * handed to the kernel), and left as garbage: for 512 MiB, half a gigabyte of fresh arrays,
 * and collections that copied the books still in flight. A pooled buffer is filled from the
 * socket, hashed, written from as it is, and then taken again.
 *
 * <p>Whoever holds a {@link Lease} owns its buffer until it {@link Lease#release}s it, once;
 * nobody may touch the buffer after that. At most {@code maxLeased} buffers are out at once:
 * that bounds the memory books take outside the heap, which the JVM limits (to the heap's
 * maximum, unless -XX:MaxDirectMemorySize says otherwise) and past which it fails. Taking
 * waits while that many are out, so a link reader that waits for a buffer holds back its
 * socket until a book is written or dropped. At most {@code maxIdle} released buffers wait
 * to be taken again; more are left to the garbage collector.
 */
public final class BufferPool {
    private final int bufferSize;
    private final ArrayBlockingQueue<ByteBuffer> idle;
    private final Semaphore leases;

    public BufferPool(int bufferSize, int maxIdle, int maxLeased) {
        if (bufferSize < 1 || maxIdle < 1 || maxLeased < 1) {
            throw new IllegalArgumentException("a pool of " + maxLeased + " buffers of " + bufferSize + " bytes, "
                    + maxIdle + " kept idle");
        }
        this.bufferSize = bufferSize;
        this.idle = new ArrayBlockingQueue<>(Math.min(maxIdle, maxLeased));
        this.leases = new Semaphore(maxLeased);
    }

    public int bufferSize() {
        return bufferSize;
    }

    /**
     * A buffer of {@link #bufferSize} bytes, cleared (position 0, limit its capacity), held by
     * the lease; or null when the most buffers allowed stay out for {@code waitMillis}.
     */
    public Lease take(long waitMillis) throws InterruptedException {
        if (!leases.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
            return null;
        }
        ByteBuffer buffer = idle.poll();
        try {
            return new Lease(buffer == null ? ByteBuffer.allocateDirect(bufferSize) : buffer.clear());
        } catch (RuntimeException | Error e) { // the JVM's own limit on memory outside the heap: no lease, no permit
            leases.release();
            throw e;
        }
    }

    /** Buffers waiting to be taken. */
    public int idle() {
        return idle.size();
    }

    /** Buffers that can be taken before taking waits. */
    public int available() {
        return leases.availablePermits();
    }

    /**
     * The right to use one buffer until it is released. A lease is never reused: a second
     * release of the same lease is an error, not a second buffer given back.
     */
    public final class Lease {
        private ByteBuffer buffer;

        private Lease(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        /** The leased buffer. */
        public synchronized ByteBuffer buffer() {
            if (buffer == null) {
                throw new IllegalStateException("the lease was released");
            }
            return buffer;
        }

        /** Gives the buffer back to the pool; nobody may use it, or any view of it, after this. */
        public void release() {
            ByteBuffer released;
            synchronized (this) {
                released = buffer;
                if (released == null) {
                    throw new IllegalStateException("the lease was already released");
                }
                buffer = null;
            }
            idle.offer(released);
            leases.release();
        }
    }
}
