package netd.common.wire;

import netd.common.ProtocolException;

import java.io.DataOutputStream;
import java.io.IOException;

/** Turns one family of messages into frames and back. Stateless; one per family. */
public interface FrameCodec<M> {
    /**
     * Decodes a frame's id and payload.
     *
     * @throws ProtocolException when the id is not of this family or the payload is wrong for it
     */
    M decode(int id, byte[] payload) throws ProtocolException;

    /** Writes {@code message} as one whole frame, length field included. */
    void encode(M message, DataOutputStream out) throws IOException;

    /** Writes a frame header; {@code payloadLength} counts the bytes after the id. */
    static void writeHeader(DataOutputStream out, int id, int payloadLength) throws IOException {
        int length = payloadLength + 1;
        if (length > Frame.MAX_LENGTH) {
            throw new IllegalArgumentException("frame of " + length + " bytes does not fit the 2-byte length field");
        }
        out.writeShort(length);
        out.writeByte(id);
    }

    static void writeKeepAlive(DataOutputStream out) throws IOException {
        out.writeShort(0);
    }
}
