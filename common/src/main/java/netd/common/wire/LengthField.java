package netd.common.wire;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.EOFException;

/**
 * How a frame's length is written (PROTOCOL.md §3): in 2 bytes, as the original does, or in 4
 * bytes, as netd players do after the handshake on a netd library (PROTOCOL-EXTENSIONS.md §4).
 * Big-endian either way; the length counts the id and the payload; 0 is a keep-alive.
 */
public enum LengthField {
    SHORT(2, 0xFFFF),
    /** Bounded by an int: no frame of a netd library comes near it, and readers bound it far lower. */
    LONG(4, Integer.MAX_VALUE);

    private final int bytes;
    private final int maxLength;

    LengthField(int bytes, int maxLength) {
        this.bytes = bytes;
        this.maxLength = maxLength;
    }

    /** The largest length the field can hold. */
    public int maxLength() {
        return maxLength;
    }

    /** Writes {@code length}, which must fit. */
    public void write(DataOutputStream out, int length) throws IOException {
        checked(length);
        if (this == SHORT) {
            out.writeShort(length);
        } else {
            out.writeInt(length);
        }
    }

    /** {@code length}, when the field can hold it. */
    int checked(int length) {
        if (length < 0 || length > maxLength) {
            throw new IllegalArgumentException("frame of " + length + " bytes does not fit the " + bytes + "-byte length field");
        }
        return length;
    }

    /**
     * Reads a length; -1 when the stream ends cleanly before its first byte.
     *
     * @throws EOFException when it ends inside the field
     */
    long read(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return -1;
        }
        long length = first;
        for (int i = 1; i < bytes; i++) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException("stream ended inside a frame's length field");
            }
            length = (length << 8) | next;
        }
        return length;
    }
}
