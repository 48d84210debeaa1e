package netd.common.link;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The writing side of a link: a stream into a buffer outside the heap, written to a blocking
 * channel when full or flushed. The channel writes straight from that buffer, where a
 * socket's stream would first copy into a temporary native buffer. Writing into the buffer
 * is a copy and nothing more, so a codec's many small writes stay small once compiled: the
 * channel is only touched in {@link #drain}, off the common path.
 *
 * <p>A large body can also be given as a buffer of its own ({@link #writeBody}): it is not
 * copied but written in its turn by one gathering write with what surrounds it, so a view
 * of a mapped file goes from the page cache to the socket in the kernel's one copy.
 */
final class ChannelOutput extends OutputStream {
    /** Bodies gathered before they are written: a few hundred KiB of books per system call. */
    private static final int MAX_BODIES = 32;

    private final GatheringByteChannel channel;
    private final ByteBuffer buffer;
    /** Told how many body bytes each write put on the channel, once they are on it. */
    private final LongConsumer bodiesWritten;
    /** What waits to be written in order: slices of {@link #buffer} and bodies; empty when only the buffer holds bytes. */
    private final List<ByteBuffer> parts = new ArrayList<>();
    /** Where the buffer's bytes not yet in {@link #parts} start. */
    private int unsliced;
    private int bodies;
    /** The bytes of the bodies in {@link #parts}. */
    private long bodyBytes;

    ChannelOutput(GatheringByteChannel channel, int bufferSize, LongConsumer bodiesWritten) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(bufferSize);
        this.bodiesWritten = bodiesWritten;
    }

    @Override
    public void write(int b) throws IOException {
        if (!buffer.hasRemaining()) {
            drain();
        }
        buffer.put((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.remaining()) {
            drain();
            if (length > buffer.capacity()) {
                // Larger than the buffer (a hub's answer, behind its small buffer): one write of
                // its own, rather than one per bufferful.
                writeFully(new ByteBuffer[] {ByteBuffer.wrap(bytes, offset, length)});
                return;
            }
        }
        buffer.put(bytes, offset, length);
    }

    /**
     * Writes {@code body}'s remaining bytes after everything written before, without copying
     * them: the buffer must not change until the next {@link #flush}.
     */
    void writeBody(ByteBuffer body) throws IOException {
        sliceBuffered();
        parts.add(body);
        bodyBytes += body.remaining();
        if (++bodies >= MAX_BODIES) {
            drain();
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
    }

    /** Writes everything waiting to the channel. */
    private void drain() throws IOException {
        try {
            if (parts.isEmpty()) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } else {
                sliceBuffered();
                writeFully(parts.toArray(ByteBuffer[]::new));
                bodiesWritten.accept(bodyBytes);
            }
        } finally {
            parts.clear();
            bodies = 0;
            bodyBytes = 0;
            unsliced = 0;
            buffer.clear();
        }
    }

    /** Moves the buffer's bytes written since the last part into the parts, keeping their order. */
    private void sliceBuffered() {
        if (buffer.position() > unsliced) {
            parts.add(buffer.slice(unsliced, buffer.position() - unsliced));
            unsliced = buffer.position();
        }
    }

    private void writeFully(ByteBuffer[] buffers) throws IOException {
        while (hasRemaining(buffers)) {
            channel.write(buffers);
        }
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
