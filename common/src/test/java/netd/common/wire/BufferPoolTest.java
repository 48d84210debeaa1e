package netd.common.wire;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferPoolTest {
    @Test
    void aBufferIsOutsideTheHeapOfThePoolsSizeAndCleared() throws InterruptedException {
        BufferPool pool = new BufferPool(100, 4, 4);
        ByteBuffer buffer = pool.take(0).buffer();
        assertTrue(buffer.isDirect());
        assertEquals(0, buffer.position());
        assertEquals(100, buffer.limit());
        assertEquals(100, buffer.capacity());
    }

    @Test
    void aReleasedBufferIsTakenAgainCleared() throws InterruptedException {
        BufferPool pool = new BufferPool(100, 4, 4);
        BufferPool.Lease first = pool.take(0);
        ByteBuffer buffer = first.buffer();
        buffer.position(10).limit(20);
        first.release();
        assertEquals(1, pool.idle());

        BufferPool.Lease second = pool.take(0);
        assertSame(buffer, second.buffer());
        assertEquals(0, buffer.position());
        assertEquals(100, buffer.limit());
        assertEquals(0, pool.idle());
    }

    @Test
    void takingWaitsWhileTheMostBuffersAllowedAreOut() throws Exception {
        BufferPool pool = new BufferPool(100, 1, 2);
        BufferPool.Lease first = pool.take(0);
        BufferPool.Lease second = pool.take(0);
        assertNotSame(first.buffer(), second.buffer());
        assertEquals(0, pool.available());
        assertNull(pool.take(10), "a third buffer beyond the bound");

        CompletableFuture<BufferPool.Lease> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.take(10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertFalse(waiting.isDone(), "took a buffer while every one was out");
        ByteBuffer released = first.buffer();
        first.release();
        assertSame(released, waiting.get(10, TimeUnit.SECONDS).buffer());
    }

    @Test
    void atMostMaxIdleBuffersWait() throws InterruptedException {
        BufferPool pool = new BufferPool(100, 2, 4);
        BufferPool.Lease[] leases = {pool.take(0), pool.take(0), pool.take(0)};
        for (BufferPool.Lease lease : leases) {
            lease.release();
        }
        assertEquals(2, pool.idle());
    }

    @Test
    void aLeaseIsReleasedOnceAndItsBufferIsNotGivenAfter() throws InterruptedException {
        BufferPool pool = new BufferPool(100, 4, 4);
        BufferPool.Lease lease = pool.take(0);
        lease.release();
        assertThrows(IllegalStateException.class, lease::release);
        assertThrows(IllegalStateException.class, lease::buffer);
        assertEquals(1, pool.idle(), "a second release gives nothing back twice");
    }

    @Test
    void refusesAPoolOfNothing() {
        assertThrows(IllegalArgumentException.class, () -> new BufferPool(0, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> new BufferPool(100, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> new BufferPool(100, 4, 0));
    }
}
