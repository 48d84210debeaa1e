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

    /** The length field of the frames this codec writes, keep-alives included (a handshake may differ: see {@link PeerCodec}). */
    default LengthField lengthField() {
        return LengthField.SHORT;
    }

    /** Writes a frame header with a 2-byte length; {@code payloadLength} counts the bytes after the id. */
    static void writeHeader(DataOutputStream out, int id, int payloadLength) throws IOException {
        writeHeader(out, id, payloadLength, LengthField.SHORT);
    }

    /** Writes a frame header with a length field of {@code lengths}; {@code payloadLength} counts the bytes after the id. */
    static void writeHeader(DataOutputStream out, int id, int payloadLength, LengthField lengths) throws IOException {
        lengths.write(out, payloadLength + 1);
        out.writeByte(id);
    }

    /** A frame header with a 2-byte length as bytes, as {@link #writeHeader(DataOutputStream, int, int)} writes it. */
    static byte[] header(int id, int payloadLength) {
        int length = LengthField.SHORT.checked(payloadLength + 1);
        return new byte[] {(byte) (length >> 8), (byte) length, (byte) id};
    }

    static void writeKeepAlive(DataOutputStream out) throws IOException {
        writeKeepAlive(out, LengthField.SHORT);
    }

    static void writeKeepAlive(DataOutputStream out, LengthField lengths) throws IOException {
        lengths.write(out, 0);
    }
}
