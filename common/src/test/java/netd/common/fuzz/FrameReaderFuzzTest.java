package netd.common.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import netd.common.ProtocolException;
import netd.common.wire.Frame;
import netd.common.wire.FrameCodec;
import netd.common.wire.FrameReader;
import netd.common.wire.LengthField;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frame reader (PROTOCOL.md §3) over a whole stream of frames: keep-alives, truncation,
 * lengths past the bound, with 2-byte length fields or 4-byte ones (PROTOCOL-EXTENSIONS.md
 * §4), the first frame's field possibly another than the later ones'. The stream hands out
 * its bytes in small chunks, as a socket does.
 */
class FrameReaderFuzzTest {
    /** The largest bound tried with 4-byte lengths: a frame of a 16 MiB book and then some, not the field's 2 GiB. */
    private static final int MAX_LONG_BOUND = (16 << 20) + 64;

    @FuzzTest
    void readStream(FuzzedDataProvider data) throws IOException {
        LengthField first = data.consumeBoolean() ? LengthField.SHORT : LengthField.LONG;
        LengthField later = data.consumeBoolean() ? LengthField.SHORT : LengthField.LONG;
        boolean anyLong = first == LengthField.LONG || later == LengthField.LONG;
        int maxLength = data.consumeInt(1, anyLong ? MAX_LONG_BOUND : Frame.MAX_LENGTH);
        int chunk = data.consumeInt(1, 512);
        byte[] stream = data.consumeRemainingAsBytes();
        ByteArrayInputStream source = new ByteArrayInputStream(stream);
        FrameReader reader = new FrameReader(new Chunked(source, chunk), maxLength, id -> null, first, later);
        int position = 0;
        LengthField lengths = first;
        try {
            for (Frame frame = reader.read(); frame != null; frame = reader.read()) {
                if (!frame.isKeepAlive()) {
                    Invariants.assertBounded(frame.payload().length + 1L, maxLength, "frame length");
                }
                int end = stream.length - source.available();
                // Frames have one form only: writing the frame back gives the bytes it came from.
                assertArrayEquals(Arrays.copyOfRange(stream, position, end), write(frame, lengths), "frame bytes");
                position = end;
                lengths = later;
            }
            assertEquals(stream.length, position, "a clean end comes only after the last byte");
        } catch (EOFException truncated) {
            assertEquals(0, source.available(), "EOF before the stream ended: " + truncated.getMessage());
        } catch (ProtocolException tooLong) {
            int fieldBytes = lengths == LengthField.SHORT ? 2 : 4;
            assertTrue(stream.length - position >= fieldBytes, "rejected a frame it had no length field for");
            long length = 0;
            for (int i = 0; i < fieldBytes; i++) {
                length = length << 8 | (stream[position + i] & 0xff);
            }
            assertTrue(length > maxLength, "rejected a frame of length " + length + " within " + maxLength);
        }
    }

    private static byte[] write(Frame frame, LengthField lengths) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        if (frame.isKeepAlive()) {
            FrameCodec.writeKeepAlive(out, lengths);
        } else {
            FrameCodec.writeHeader(out, frame.id(), frame.payload().length, lengths);
            out.write(frame.payload());
        }
        return bytes.toByteArray();
    }

    /** Gives at most {@code chunk} bytes per read, like a socket delivering a stream in pieces. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private final int chunk;

        Chunked(InputStream in, int chunk) {
            this.in = in;
            this.chunk = chunk;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, Math.min(len, chunk));
        }
    }
}
