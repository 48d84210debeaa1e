package netd.common.link;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * The writing side of a link: a stream into a buffer outside the heap, written to a blocking
 * channel when full or flushed. The channel writes straight from that buffer, where a
 * socket's stream would first copy into a temporary native buffer. Writing into the buffer
 * is a copy and nothing more, so a codec's many small writes stay small once compiled: the
 * channel is only touched in {@link #drain}, off the common path.
 */
final class ChannelOutput extends OutputStream {
    private final WritableByteChannel channel;
    private final ByteBuffer buffer;

    ChannelOutput(WritableByteChannel channel, int bufferSize) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(bufferSize);
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
                ByteBuffer whole = ByteBuffer.wrap(bytes, offset, length);
                while (whole.hasRemaining()) {
                    channel.write(whole);
                }
                return;
            }
        }
        buffer.put(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
        drain();
    }

    /** Writes everything buffered to the channel. */
    private void drain() throws IOException {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } finally {
            buffer.clear();
        }
    }
}
