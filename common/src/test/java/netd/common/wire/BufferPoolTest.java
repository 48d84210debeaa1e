package netd.common.wire;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferPoolTest {
    @Test
    void aBufferIsOutsideTheHeapOfThePoolsSizeAndCleared() {
        BufferPool pool = new BufferPool(100, 4);
        ByteBuffer buffer = pool.take().buffer();
        assertTrue(buffer.isDirect());
        assertEquals(0, buffer.position());
        assertEquals(100, buffer.limit());
        assertEquals(100, buffer.capacity());
    }

    @Test
    void aReleasedBufferIsTakenAgainCleared() {
        BufferPool pool = new BufferPool(100, 4);
        BufferPool.Lease first = pool.take();
        ByteBuffer buffer = first.buffer();
        buffer.position(10).limit(20);
        first.release();
        assertEquals(1, pool.idle());

        BufferPool.Lease second = pool.take();
        assertSame(buffer, second.buffer());
        assertEquals(0, buffer.position());
        assertEquals(100, buffer.limit());
        assertEquals(0, pool.idle());
    }

    @Test
    void takingNeverWaitsWhenEveryBufferIsOut() {
        BufferPool pool = new BufferPool(100, 1);
        BufferPool.Lease first = pool.take();
        BufferPool.Lease second = pool.take();
        assertNotSame(first.buffer(), second.buffer());
    }

    @Test
    void atMostMaxIdleBuffersWait() {
        BufferPool pool = new BufferPool(100, 2);
        BufferPool.Lease[] leases = {pool.take(), pool.take(), pool.take()};
        for (BufferPool.Lease lease : leases) {
            lease.release();
        }
        assertEquals(2, pool.idle());
    }

    @Test
    void aLeaseIsReleasedOnceAndItsBufferIsNotGivenAfter() {
        BufferPool pool = new BufferPool(100, 4);
        BufferPool.Lease lease = pool.take();
        lease.release();
        assertThrows(IllegalStateException.class, lease::release);
        assertThrows(IllegalStateException.class, lease::buffer);
        assertEquals(1, pool.idle(), "a second release gives nothing back twice");
    }

    @Test
    void refusesAPoolOfNothing() {
        assertThrows(IllegalArgumentException.class, () -> new BufferPool(0, 4));
        assertThrows(IllegalArgumentException.class, () -> new BufferPool(100, 0));
    }
}
