package netd.common.fuzz;

import netd.common.ProtocolException;
import netd.common.wire.Frame;
import netd.common.wire.FrameCodec;
import netd.common.wire.FrameReader;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks every fuzz target shares. A target rejects hostile input by catching
 * {@link ProtocolException} and returning; anything else that escapes it (an unchecked
 * exception, an {@link AssertionError}) is what Jazzer reports as a finding.
 */
final class Invariants {
    private Invariants() {
    }

    /** Decoding that may reject its input, the one allowed way, with a {@link ProtocolException}. */
    interface Decoding<T> {
        T run() throws ProtocolException, IOException;
    }

    /** The decoded value, or null when the input was rejected with a {@link ProtocolException}. */
    static <T> T decodedOrNull(Decoding<T> decoding) throws IOException {
        try {
            return decoding.run();
        } catch (ProtocolException rejected) {
            return null;
        }
    }

    /**
     * Decodes a codec target's input: its first byte is the frame's id, the rest the payload.
     * Null when the input is empty or rejected.
     */
    static <M> M decodeIdAndPayload(FrameCodec<M> codec, byte[] input) throws IOException {
        if (input.length == 0) {
            return null;
        }
        byte[] payload = Arrays.copyOfRange(input, 1, input.length);
        return decodedOrNull(() -> codec.decode(input[0] & 0xff, payload));
    }

    /** The whole frame {@code codec} writes for {@code message}, length field included. */
    static <M> byte[] encode(FrameCodec<M> codec, M message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        codec.encode(message, new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    /**
     * Reads {@code frame} back through the real frame reader and codec, as a receiving
     * link would. What our own encoder wrote must never be rejected.
     */
    static <M> M decodeFrame(FrameCodec<M> codec, byte[] frame) throws IOException, ProtocolException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(frame), Frame.MAX_LENGTH);
        Frame read = reader.read();
        assertNull(reader.read(), "one encoded message must be exactly one frame");
        return codec.decode(read.id(), read.payload());
    }

    /**
     * Encodes a decoded message, decodes that again, and checks the value survives; returns
     * the encoded frame so the caller can compare it with the input.
     */
    static <M> byte[] assertRoundTrip(FrameCodec<M> codec, M decoded) throws IOException {
        byte[] frame = encode(codec, decoded);
        M again;
        try {
            again = decodeFrame(codec, frame);
        } catch (ProtocolException e) {
            throw new AssertionError("our own encoding of " + decoded + " was rejected: " + e.getMessage(), e);
        }
        assertEquals(decoded, again, "decode(encode(value)) differs from value");
        return frame;
    }

    /** Decoding must not build something much bigger than the bytes that justify it. */
    static void assertBounded(long size, long bound, String what) {
        assertTrue(size <= bound, what + " is " + size + ", more than the input justifies (" + bound + ")");
    }
}
