package netd.bench.hub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One simulated player's connection: sends its notify when told, and times each answer
 * from the moment its notify went out. Frames are counted, not decoded: the load
 * generator must stay cheap so the hub gets the CPU. Only an answer's first bytes are
 * looked at, to tell a failure from an answer.
 */
final class LoadConnection {
    /** Notifies awaiting an answer at most; beyond, the hub is hopelessly behind and sending pauses. */
    private static final int MAX_OUTSTANDING = 16;
    private static final int ANSWER = 0x11;
    /**
     * How a failure answer's payload goes on from its 12th byte: the hub writes its keys
     * sorted and a failure's counts as 0, so it starts {@code d8:completei0e14:failure reason},
     * and an answer {@code d8:completei0e10:incomplete} or with another count.
     */
    private static final byte[] FAILURE_AT_11 = "i0e14:".getBytes(StandardCharsets.US_ASCII);
    private static final int FAILURE_OFFSET = 11;

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
    /** Payload bytes of this frame seen so far, and whether they still match a failure's. */
    private int payloadSeen;
    private boolean failureSoFar;

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
                payloadSeen = 0;
                failureSoFar = true;
                continue;
            }
            if (payloadSeen < FAILURE_OFFSET + FAILURE_AT_11.length) {
                byte b = bytes.get();
                if (payloadSeen >= FAILURE_OFFSET && b != FAILURE_AT_11[payloadSeen - FAILURE_OFFSET]) {
                    failureSoFar = false;
                }
                payloadSeen++;
                frameLeft--;
            } else {
                int skip = Math.min(frameLeft, bytes.remaining());
                bytes.position(bytes.position() + skip);
                frameLeft -= skip;
            }
            if (frameLeft == 0 && frameId == ANSWER && outstanding > 0) {
                answers.answered(sentAt[oldest], now, failureSoFar && payloadSeen == FAILURE_OFFSET + FAILURE_AT_11.length);
                oldest = (oldest + 1) % MAX_OUTSTANDING;
                outstanding--;
            }
        }
    }

    interface AnswerSink {
        /** {@code failure}: the answer carries a {@code failure reason}. */
        void answered(long sentAt, long receivedAt, boolean failure);
    }
}
