package netd.common.wire;

import netd.common.ProtocolException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/** Test helpers: messages to frame bytes and back, and hex for golden examples. */
final class Frames {
    private Frames() {
    }

    static <M> byte[] encode(FrameCodec<M> codec, M message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            codec.encode(message, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads exactly one frame from {@code bytes} and decodes it. */
    static <M> M decode(FrameCodec<M> codec, byte[] bytes) throws IOException, ProtocolException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes), Frame.MAX_LENGTH);
        Frame frame = reader.read();
        if (reader.read() != null) {
            throw new AssertionError("more than one frame");
        }
        return codec.decode(frame.id(), frame.payload());
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
