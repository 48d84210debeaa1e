package netd.common.wire;

import netd.common.ProtocolException;

import java.nio.ByteBuffer;

/**
 * Cuts frames (PROTOCOL.md §3) out of bytes as they arrive on a non-blocking socket, in
 * pieces of any size: the counterpart of {@link FrameReader} for a program that serves many
 * connections from one thread. Trusts no length beyond {@code maxLength}; a frame's payload
 * array is made once its length is known, at its exact size. One per connection.
 */
public final class FrameAssembler {
    /** Where whole frames go. */
    public interface Sink {
        /**
         * One whole frame; keep-alives are not passed on (any byte received shows the peer is
         * there). Returns false to stop: the connection was closed while handling it.
         */
        boolean frame(int id, byte[] payload);
    }

    private final int maxLength;
    /** Bytes of the length field seen (0-2), the length, the id (-1 before it), and the payload so far. */
    private int headerBytes;
    private int length;
    private int id = -1;
    private byte[] payload;
    private int filled;

    public FrameAssembler(int maxLength) {
        if (maxLength < 1 || maxLength > Frame.MAX_LENGTH) {
            throw new IllegalArgumentException("max frame length " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /**
     * Consumes {@code bytes} (all of them, unless the sink says stop), giving each frame
     * completed to {@code sink}.
     *
     * @throws ProtocolException when a length field exceeds the bound
     */
    public void feed(ByteBuffer bytes, Sink sink) throws ProtocolException {
        while (bytes.hasRemaining()) {
            if (headerBytes < 2) {
                length = (length << 8) | (bytes.get() & 0xff);
                if (++headerBytes < 2) {
                    continue;
                }
                if (length == 0) { // a keep-alive
                    headerBytes = 0;
                    continue;
                }
                if (length > maxLength) {
                    throw new ProtocolException("frame length " + length + " exceeds the limit of " + maxLength);
                }
                continue;
            }
            if (id < 0) {
                id = bytes.get() & 0xff;
                payload = new byte[length - 1];
                filled = 0;
            }
            int take = Math.min(payload.length - filled, bytes.remaining());
            bytes.get(payload, filled, take);
            filled += take;
            if (filled == payload.length) {
                int frameId = id;
                byte[] frame = payload;
                headerBytes = 0;
                length = 0;
                id = -1;
                payload = null;
                if (!sink.frame(frameId, frame)) {
                    return;
                }
            }
        }
    }

    /** Whether a frame has begun and not ended: a peer that hangs up now cut it short. */
    public boolean insideFrame() {
        return headerBytes > 0;
    }
}
