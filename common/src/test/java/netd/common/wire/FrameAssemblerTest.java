package netd.common.wire;

import netd.common.ProtocolException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameAssemblerTest {
    /** A frame 0x10 "abc", a keep-alive, then a frame 0x11 with an empty payload. */
    private static final byte[] STREAM = {0, 4, 0x10, 'a', 'b', 'c', 0, 0, 0, 1, 0x11};

    private record Received(int id, byte[] payload) {
    }

    @Test
    void framesComeWholeHoweverTheBytesAreCut() throws ProtocolException {
        for (int cut = 0; cut <= STREAM.length; cut++) {
            FrameAssembler assembler = new FrameAssembler(Frame.MAX_LENGTH);
            List<Received> received = new ArrayList<>();
            assembler.feed(ByteBuffer.wrap(STREAM, 0, cut), (id, payload) -> received.add(new Received(id, payload)));
            assembler.feed(ByteBuffer.wrap(STREAM, cut, STREAM.length - cut),
                    (id, payload) -> received.add(new Received(id, payload)));
            assertEquals(2, received.size(), "cut at " + cut);
            assertEquals(0x10, received.get(0).id());
            assertArrayEquals(new byte[] {'a', 'b', 'c'}, received.get(0).payload());
            assertEquals(0x11, received.get(1).id());
            assertArrayEquals(new byte[0], received.get(1).payload());
            assertFalse(assembler.insideFrame());
        }
    }

    @Test
    void aFrameCutShortIsSeen() throws ProtocolException {
        FrameAssembler assembler = new FrameAssembler(Frame.MAX_LENGTH);
        assembler.feed(ByteBuffer.wrap(STREAM, 0, 3), (id, payload) -> true);
        assertTrue(assembler.insideFrame());
    }

    @Test
    void aLengthBeyondTheBoundIsRefused() {
        FrameAssembler assembler = new FrameAssembler(100);
        ProtocolException refused = assertThrows(ProtocolException.class,
                () -> assembler.feed(ByteBuffer.wrap(new byte[] {0, 101, 0x10}), (id, payload) -> true));
        assertEquals("frame length 101 exceeds the limit of 100", refused.getMessage());
    }

    @Test
    void theSinkStopsTheFeed() throws ProtocolException {
        FrameAssembler assembler = new FrameAssembler(Frame.MAX_LENGTH);
        ByteBuffer bytes = ByteBuffer.wrap(STREAM);
        List<Integer> ids = new ArrayList<>();
        assembler.feed(bytes, (id, payload) -> ids.add(id) && false);
        assertEquals(List.of(0x10), ids);
        assertEquals(6, bytes.position(), "the bytes after the frame are left");
    }
}
