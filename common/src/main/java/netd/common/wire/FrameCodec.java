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

    /**
     * The pool whose buffers the payload of a frame of this id is read into, outside the heap,
     * to be decoded by {@link #decode(int, BufferPool.Lease)}; null (the default) reads it into
     * an array.
     */
    default BufferPool payloadPool(int id) {
        return null;
    }

    /**
     * Decodes a frame whose payload was read into a buffer of {@link #payloadPool}. The message
     * holds the lease from then on; when this throws, the caller still does.
     *
     * @throws ProtocolException when the payload is wrong for the id
     */
    default M decode(int id, BufferPool.Lease payload) throws ProtocolException {
        throw new UnsupportedOperationException("this codec pools no payloads");
    }

    /** Writes {@code message} as one whole frame, length field included. */
    void encode(M message, DataOutputStream out) throws IOException;

    /** Writes a frame header; {@code payloadLength} counts the bytes after the id. */
    static void writeHeader(DataOutputStream out, int id, int payloadLength) throws IOException {
        out.writeShort(frameLength(payloadLength));
        out.writeByte(id);
    }

    /** A frame header as bytes, as {@link #writeHeader} writes it. */
    static byte[] header(int id, int payloadLength) {
        int length = frameLength(payloadLength);
        return new byte[] {(byte) (length >> 8), (byte) length, (byte) id};
    }

    /** The length field of a frame whose payload is {@code payloadLength} bytes long. */
    private static int frameLength(int payloadLength) {
        int length = payloadLength + 1;
        if (length > Frame.MAX_LENGTH) {
            throw new IllegalArgumentException("frame of " + length + " bytes does not fit the 2-byte length field");
        }
        return length;
    }

    static void writeKeepAlive(DataOutputStream out) throws IOException {
        out.writeShort(0);
    }
}
