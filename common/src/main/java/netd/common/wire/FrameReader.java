package netd.common.wire;

import netd.common.ProtocolException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads frames from a stream, trusting no length beyond {@code maxLength} (a peer's frames
 * are bounded by the library's book size, the hub's by the 2-byte length field).
 */
public final class FrameReader {
    private final InputStream in;
    private final int maxLength;

    public FrameReader(InputStream in, int maxLength) {
        if (maxLength < 1 || maxLength > Frame.MAX_LENGTH) {
            throw new IllegalArgumentException("max frame length " + maxLength);
        }
        this.in = in;
        this.maxLength = maxLength;
    }

    /**
     * The next frame, or null when the stream ends cleanly between frames.
     *
     * @throws EOFException      when it ends inside a frame
     * @throws ProtocolException when the length field exceeds the bound
     */
    public Frame read() throws IOException, ProtocolException {
        int high = in.read();
        if (high < 0) {
            return null;
        }
        int low = in.read();
        if (low < 0) {
            throw new EOFException("stream ended inside a frame's length field");
        }
        int length = (high << 8) | low;
        if (length == 0) {
            return Frame.KEEP_ALIVE;
        }
        if (length > maxLength) {
            throw new ProtocolException("frame length " + length + " exceeds the limit of " + maxLength);
        }
        int id = in.read();
        if (id < 0) {
            throw new EOFException("stream ended before a frame's id");
        }
        // Read into an array of the exact size: readNBytes(int) would gather it in chunks and copy them again.
        byte[] payload = new byte[length - 1];
        int read = in.readNBytes(payload, 0, payload.length);
        if (read != payload.length) {
            throw new EOFException("stream ended inside a frame: " + read + " of " + payload.length + " payload bytes");
        }
        return new Frame(id, payload);
    }
}
