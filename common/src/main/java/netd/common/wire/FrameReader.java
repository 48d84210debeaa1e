package netd.common.wire;

import netd.common.ProtocolException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.function.IntFunction;

/**
 * Reads frames from a stream, trusting no length beyond {@code maxLength} (a peer's frames
 * are bounded by the library's book size, the hub's by the 2-byte length field).
 * Payloads are read into arrays, or, for the ids a codec pools ({@link FrameCodec#payloadPool}),
 * into leased buffers outside the heap.
 */
public final class FrameReader {
    /** What the reader's stream can offer beyond an {@link InputStream}: reading into a buffer without an array between. */
    public interface BufferInput {
        /** Fills {@code target}'s remaining bytes, or throws {@link EOFException} when the stream ends first. */
        void readFully(ByteBuffer target) throws IOException;

        /** False once the stream is closed: a reader waiting for a pooled buffer then gives up. */
        boolean isOpen();
    }

    /** How often a reader waiting for a pooled buffer looks whether its stream was closed meanwhile. */
    static final long POOL_WAIT_CHECK_MILLIS = 100;

    private static final IntFunction<BufferPool> NO_POOLS = id -> null;

    private final InputStream in;
    private final int maxLength;
    private final IntFunction<BufferPool> pools;
    /** The length field of the frames after the first. */
    private final LengthField laterLengths;
    /** The length field of the next frame. */
    private LengthField lengths;

    /** A reader of frames with 2-byte lengths that reads every payload into an array. */
    public FrameReader(InputStream in, int maxLength) {
        this(in, maxLength, NO_POOLS);
    }

    /** A reader of frames with 2-byte lengths that reads the payload of a frame of id {@code i} into a buffer of {@code pools.apply(i)}, unless that is null. */
    public FrameReader(InputStream in, int maxLength, IntFunction<BufferPool> pools) {
        this(in, maxLength, pools, LengthField.SHORT, LengthField.SHORT);
    }

    /**
     * A reader whose first frame has a length field of {@code first} and every later one of
     * {@code later} (a netd library's uploader reads the handshake's 2 bytes, then 4: PROTOCOL-EXTENSIONS.md §4).
     */
    public FrameReader(InputStream in, int maxLength, IntFunction<BufferPool> pools, LengthField first, LengthField later) {
        if (maxLength < 1 || maxLength > Math.max(first.maxLength(), later.maxLength())) {
            throw new IllegalArgumentException("max frame length " + maxLength);
        }
        this.in = in;
        this.maxLength = maxLength;
        this.pools = pools;
        this.lengths = first;
        this.laterLengths = later;
    }

    /**
     * The next frame, or null when the stream ends cleanly between frames.
     *
     * @throws EOFException      when it ends inside a frame
     * @throws ProtocolException when the length field exceeds the bound
     */
    public Frame read() throws IOException, ProtocolException {
        long field = lengths.read(in);
        if (field < 0) {
            return null;
        }
        lengths = laterLengths;
        if (field == 0) {
            return Frame.KEEP_ALIVE;
        }
        if (field > maxLength) {
            throw new ProtocolException("frame length " + field + " exceeds the limit of " + maxLength);
        }
        int length = (int) field;
        int id = in.read();
        if (id < 0) {
            throw new EOFException("stream ended before a frame's id");
        }
        BufferPool pool = pools.apply(id);
        if (pool != null && length - 1 <= pool.bufferSize()) {
            return new Frame(id, readPooled(pool, length - 1));
        }
        // Read into an array of the exact size: readNBytes(int) would gather it in chunks and copy them again.
        byte[] payload = new byte[length - 1];
        int read = in.readNBytes(payload, 0, payload.length);
        if (read != payload.length) {
            throw new EOFException("stream ended inside a frame: " + read + " of " + payload.length + " payload bytes");
        }
        return new Frame(id, payload);
    }

    /**
     * A buffer from {@code pool}, waiting while every one is out (the books they hold wait to
     * be written, and this link's socket waits meanwhile), until the stream is closed.
     */
    private BufferPool.Lease waitFor(BufferPool pool) throws IOException {
        try {
            BufferPool.Lease lease;
            while ((lease = pool.take(POOL_WAIT_CHECK_MILLIS)) == null) {
                if (in instanceof BufferInput buffered && !buffered.isOpen()) {
                    throw new ClosedChannelException();
                }
            }
            return lease;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a buffer to read a book into");
        }
    }

    /** Reads {@code length} payload bytes into a buffer taken from {@code pool}; the buffer goes back if they do not come. */
    private BufferPool.Lease readPooled(BufferPool pool, int length) throws IOException {
        BufferPool.Lease lease = waitFor(pool);
        try {
            ByteBuffer payload = lease.buffer().limit(length);
            if (in instanceof BufferInput buffered) {
                buffered.readFully(payload);
            } else {
                byte[] bytes = in.readNBytes(length);
                if (bytes.length != length) {
                    throw new EOFException("stream ended inside a frame: " + bytes.length + " of " + length + " payload bytes");
                }
                payload.put(bytes);
            }
            payload.flip();
            return lease;
        } catch (IOException | RuntimeException e) {
            lease.release();
            throw e;
        }
    }
}
