package netd.bench.hub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One simulated player's connection: sends its notify when told, and times each answer
 * from the moment its notify went out. Frames are counted, not decoded: the load
 * generator must stay cheap so the hub gets the CPU.
 */
final class LoadConnection {
    /** Notifies awaiting an answer at most; beyond, the hub is hopelessly behind and sending pauses. */
    private static final int MAX_OUTSTANDING = 16;
    private static final int ANSWER = 0x11;

    private final SocketChannel channel;
    private final ByteBuffer notify;
    private final long[] sentAt = new long[MAX_OUTSTANDING];
    private int oldest;
    private int outstanding;
    private ByteBuffer unsent;
    /** Frame parsing state: bytes of the length field seen, the length, and what is left of the frame. */
    private int headerBytes;
    private int length;
    private int frameLeft;
    private int frameId;

    LoadConnection(SocketChannel channel, byte[] notify) {
        this.channel = channel;
        this.notify = ByteBuffer.wrap(notify).asReadOnlyBuffer();
    }

    SocketChannel channel() {
        return channel;
    }

    /** Sends the notify; false when this connection cannot take another now. */
    boolean send(long now) throws IOException {
        flush();
        if (outstanding == MAX_OUTSTANDING || (unsent != null && unsent.hasRemaining())) {
            return false;
        }
        unsent = notify.duplicate();
        channel.write(unsent);
        sentAt[(oldest + outstanding) % MAX_OUTSTANDING] = now;
        outstanding++;
        return true;
    }

    /** Finishes a notify the socket could not take whole. */
    private void flush() throws IOException {
        if (unsent != null && unsent.hasRemaining()) {
            channel.write(unsent);
        }
    }

    /** Consumes received bytes; each complete answer's latency goes to {@code answers}. */
    void received(ByteBuffer bytes, long now, AnswerSink answers) {
        while (bytes.hasRemaining()) {
            if (frameLeft == 0) {
                length = (length << 8) | (bytes.get() & 0xff);
                if (++headerBytes == 2) {
                    frameLeft = length;
                    frameId = -1;
                    headerBytes = 0;
                    length = 0;
                }
                continue;
            }
            if (frameId < 0) {
                frameId = bytes.get() & 0xff;
                frameLeft--;
            }
            int skip = Math.min(frameLeft, bytes.remaining());
            bytes.position(bytes.position() + skip);
            frameLeft -= skip;
            if (frameLeft == 0 && frameId == ANSWER && outstanding > 0) {
                answers.answered(sentAt[oldest], now);
                oldest = (oldest + 1) % MAX_OUTSTANDING;
                outstanding--;
            }
        }
    }

    interface AnswerSink {
        void answered(long sentAt, long receivedAt);
    }
}
