package netd.common.link;

import netd.common.wire.FrameReader;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * The reading side of a link: a stream over a blocking channel with a buffer outside the
 * heap. The channel reads straight into that buffer, where a socket's stream would read
 * into a temporary native buffer and then copy into a heap one; frames are copied out once,
 * into their payload arrays or pooled buffers.
 */
final class ChannelInput extends InputStream implements FrameReader.BufferInput {
    private final ReadableByteChannel channel;
    private final ByteBuffer buffer;
    private final Runnable onBytesRead;

    /** {@code onBytesRead} runs after every read from the channel that returned bytes. */
    ChannelInput(ReadableByteChannel channel, int bufferSize, Runnable onBytesRead) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(bufferSize).flip();
        this.onBytesRead = onBytesRead;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Bytes read from the channel and not yet consumed; 0 means the next read blocks on the channel. */
    int buffered() {
        return buffer.remaining();
    }

    @Override
    public int read() throws IOException {
        if (!buffer.hasRemaining() && fill() < 0) {
            return -1;
        }
        return buffer.get() & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!buffer.hasRemaining() && fill() < 0) {
            return -1;
        }
        int count = Math.min(length, buffer.remaining());
        buffer.get(bytes, offset, count);
        return count;
    }

    @Override
    public void readFully(ByteBuffer target) throws IOException {
        while (target.hasRemaining()) {
            if (!buffer.hasRemaining() && fill() < 0) {
                throw new EOFException("stream ended with " + target.remaining() + " bytes of a payload unread");
            }
            int count = Math.min(target.remaining(), buffer.remaining());
            target.put(target.position(), buffer, buffer.position(), count);
            target.position(target.position() + count);
            buffer.position(buffer.position() + count);
        }
    }

    @Override
    public int available() {
        return buffer.remaining();
    }

    /** Refills the empty buffer with one channel read; -1 at the end of the stream. */
    private int fill() throws IOException {
        buffer.clear();
        int read;
        try {
            read = channel.read(buffer);
        } finally {
            buffer.flip();
        }
        if (read > 0) {
            onBytesRead.run();
        }
        return read;
    }
}
