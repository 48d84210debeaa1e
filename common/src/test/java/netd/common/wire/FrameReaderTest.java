package netd.common.wire;

import netd.common.ProtocolException;
import netd.common.wire.PeerMessage.Bitfield;
import netd.common.wire.PeerMessage.Choke;
import netd.common.wire.PeerMessage.Have;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static netd.common.wire.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameReaderTest {
    private static FrameReader reader(String hex, int maxLength) {
        return new FrameReader(new ByteArrayInputStream(hex(hex)), maxLength);
    }

    @Test
    void readsAKeepAliveAsTheKeepAliveFrame() throws IOException, ProtocolException {
        FrameReader frames = reader("00 00", 100);
        assertSame(Frame.KEEP_ALIVE, frames.read());
        assertTrue(Frame.KEEP_ALIVE.isKeepAlive());
        assertNull(frames.read());
    }

    /** Reads frames of id 7 into {@code pool}, as a player reads its books. */
    private static FrameReader pooling(InputStream in, BufferPool pool) {
        return new FrameReader(in, 100, id -> id == 7 ? pool : null);
    }

    @Test
    void readsThePayloadOfAPooledIdIntoALeaseAndTheOthersIntoArrays() throws IOException, ProtocolException {
        BufferPool pool = new BufferPool(8, 4, 1000);
        FrameReader frames = pooling(new ByteArrayInputStream(hex("00 04 07 aa bb cc  00 03 04 dd ee")), pool);

        Frame book = frames.read();
        assertEquals(7, book.id());
        assertEquals(0, book.payload().length);
        ByteBuffer payload = book.pooledPayload().buffer();
        assertTrue(payload.isDirect());
        assertEquals(0, payload.position());
        assertEquals(3, payload.limit());
        assertEquals(0xaabbcc, (payload.get(0) & 0xff) << 16 | (payload.get(1) & 0xff) << 8 | (payload.get(2) & 0xff));

        Frame have = frames.read();
        assertEquals(4, have.id());
        assertArrayEquals(hex("dd ee"), have.payload());
        assertNull(have.pooledPayload());
    }

    @Test
    void aPayloadLargerThanThePoolsBuffersIsReadIntoAnArray() throws IOException, ProtocolException {
        BufferPool pool = new BufferPool(2, 4, 1000);
        Frame frame = pooling(new ByteArrayInputStream(hex("00 04 07 aa bb cc")), pool).read();
        assertArrayEquals(hex("aa bb cc"), frame.payload());
        assertNull(frame.pooledPayload());
    }

    @Test
    void aStreamEndingInsideAPooledPayloadGivesItsBufferBack() {
        BufferPool pool = new BufferPool(8, 4, 1000);
        FrameReader frames = pooling(new ByteArrayInputStream(hex("00 04 07 aa bb")), pool);
        assertThrows(EOFException.class, frames::read);
        assertEquals(1, pool.idle());
    }

    @Test
    void writesAKeepAliveAsTwoZeroBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameCodec.writeKeepAlive(new DataOutputStream(bytes));
        assertEquals("00 00", hex(bytes.toByteArray()));
    }

    @Test
    void aStreamEndingBetweenFramesIsACleanEnd() throws IOException, ProtocolException {
        assertNull(reader("", 100).read());
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "00 05", "00 05 04", "00 05 04 00 00 0a", "00 01 00 00"})
    void aStreamEndingInsideAFrameIsAnEofException(String truncated) throws IOException, ProtocolException {
        FrameReader frames = reader(truncated, 100);
        if (truncated.equals("00 01 00 00")) {
            frames.read();
        }
        assertThrows(EOFException.class, frames::read);
    }

    @Test
    void aLengthOverTheBoundIsRejectedBeforeReadingThePayload() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> reader("40 06 07", 16389).read());
        assertEquals("frame length 16390 exceeds the limit of 16389", e.getMessage());
        assertThrows(ProtocolException.class, () -> reader("ff ff", 100).read());
    }

    @Test
    void aFrameExactlyAtTheBoundIsRead() throws IOException, ProtocolException {
        byte[] frame = new byte[2 + 16389];
        frame[0] = 0x40;
        frame[1] = 0x05;
        frame[2] = 0x07;
        Frame read = new FrameReader(new ByteArrayInputStream(frame), 16389).read();
        assertEquals(7, read.id());
        assertEquals(16388, read.payload().length);
    }

    @Test
    void decodesEveryFrameGluedInOneBuffer() throws IOException, ProtocolException {
        ByteArrayOutputStream glued = new ByteArrayOutputStream();
        glued.writeBytes(Frames.encode(PeerCodec.INSTANCE, new Choke()));
        glued.writeBytes(hex("00 00"));
        glued.writeBytes(Frames.encode(PeerCodec.INSTANCE, new Have(2562)));
        glued.writeBytes(Frames.encode(PeerCodec.INSTANCE, new Bitfield(hex("35 26 ef"))));
        FrameReader frames = new FrameReader(new ByteArrayInputStream(glued.toByteArray()), 100);

        List<Object> read = new ArrayList<>();
        for (Frame frame = frames.read(); frame != null; frame = frames.read()) {
            read.add(frame.isKeepAlive() ? "keep-alive" : PeerCodec.INSTANCE.decode(frame.id(), frame.payload()));
        }

        assertEquals(List.of(new Choke(), "keep-alive", new Have(2562), new Bitfield(hex("35 26 ef"))), read);
    }

    @Test
    void theBoundMustFitTheLengthField() {
        assertThrows(IllegalArgumentException.class, () -> new FrameReader(new ByteArrayInputStream(new byte[0]), 0));
        assertThrows(IllegalArgumentException.class, () -> new FrameReader(new ByteArrayInputStream(new byte[0]), 65536));
    }

    @Test
    void aFrameTooLongForTheLengthFieldIsNotWritten() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertThrows(IllegalArgumentException.class,
                () -> FrameCodec.writeHeader(new DataOutputStream(bytes), 0x10, Frame.MAX_LENGTH));
        assertArrayEquals(new byte[0], bytes.toByteArray());
    }
}
