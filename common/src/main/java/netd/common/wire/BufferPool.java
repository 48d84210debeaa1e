package netd.common.wire;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Buffers of one size outside the heap, reused: what a player's books live in between the
 * socket they arrive on and the file they are written to. A book in a heap array was
 * zeroed when allocated, copied once more on its way to the file (a heap array cannot be
 * handed to the kernel), and left as garbage: for 512 MiB, half a gigabyte of fresh arrays,
 * and collections that copied the books still in flight. A pooled buffer is filled from the
 * socket, hashed, written from as it is, and then taken again.
 *
 * <p>Whoever holds a {@link Lease} owns its buffer until it {@link Lease#release}s it, once;
 * nobody may touch the buffer after that. Taking never waits: when every buffer is out, a
 * new one is made, so a lease that is never given back (a message dropped on an error path)
 * only costs the pool that buffer. At most {@code maxIdle} buffers wait here; more given
 * back are left to the garbage collector.
 */
public final class BufferPool {
    private final int bufferSize;
    private final ArrayBlockingQueue<ByteBuffer> idle;

    public BufferPool(int bufferSize, int maxIdle) {
        if (bufferSize < 1 || maxIdle < 1) {
            throw new IllegalArgumentException("a pool of " + maxIdle + " buffers of " + bufferSize + " bytes");
        }
        this.bufferSize = bufferSize;
        this.idle = new ArrayBlockingQueue<>(maxIdle);
    }

    public int bufferSize() {
        return bufferSize;
    }

    /** A buffer of {@link #bufferSize} bytes, cleared (position 0, limit its capacity), held by the lease. */
    public Lease take() {
        ByteBuffer buffer = idle.poll();
        return new Lease(buffer == null ? ByteBuffer.allocateDirect(bufferSize) : buffer.clear());
    }

    /** Buffers waiting to be taken. */
    public int idle() {
        return idle.size();
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
        }
    }
}
