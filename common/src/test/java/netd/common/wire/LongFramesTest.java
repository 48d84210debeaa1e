package netd.common.wire;

import netd.common.ProtocolException;
import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.wire.PeerMessage.Bitfield;
import netd.common.wire.PeerMessage.BookData;
import netd.common.wire.PeerMessage.Choke;
import netd.common.wire.PeerMessage.Handshake;
import netd.common.wire.PeerMessage.Have;
import netd.common.wire.PeerMessage.Interested;
import netd.common.wire.PeerMessage.NotInterested;
import netd.common.wire.PeerMessage.Request;
import netd.common.wire.PeerMessage.Unchoke;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static netd.common.wire.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The frames of a netd library (PROTOCOL-EXTENSIONS.md §4): 4-byte lengths after the handshake. */
class LongFramesTest {
    private static final PeerCodec CODEC = PeerCodec.LONG_FRAMES;
    private static final PlayerId PLAYER = PlayerId.of("-ND0100-0123456789ab".getBytes(StandardCharsets.US_ASCII));
    private static final InfoHash INFO_HASH = InfoHash.of(hex("00112233445566778899aabbccddeeff01234567"));
    private static final String HANDSHAKE = "00 29 08 " + hex("-ND0100-0123456789ab".getBytes(StandardCharsets.US_ASCII))
            + " 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 01 23 45 67";

    /** The golden examples of PROTOCOL-EXTENSIONS.md §4. */
    static Stream<Arguments> goldenMessages() {
        return Stream.of(
                Arguments.of(new Choke(), "00 00 00 01 00"),
                Arguments.of(new Unchoke(), "00 00 00 01 01"),
                Arguments.of(new Interested(), "00 00 00 01 02"),
                Arguments.of(new NotInterested(), "00 00 00 01 03"),
                Arguments.of(new Have(2562), "00 00 00 05 04 00 00 0a 02"),
                Arguments.of(new Bitfield(hex("3526ef")), "00 00 00 04 05 35 26 ef"),
                Arguments.of(new Request(2562), "00 00 00 05 06 00 00 0a 02"),
                Arguments.of(new BookData(5, hex("aabbcc")), "00 00 00 08 07 00 00 00 05 aa bb cc"),
                // The handshake names the library, so it keeps its 2-byte length.
                Arguments.of(new Handshake(PLAYER, INFO_HASH), HANDSHAKE));
    }

    @ParameterizedTest
    @MethodSource("goldenMessages")
    void encodesEachMessageToItsGoldenBytes(PeerMessage message, String golden) {
        assertEquals(golden, hex(Frames.encode(CODEC, message)));
    }

    @Test
    void aKeepAliveIsFourZeroBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameCodec.writeKeepAlive(new DataOutputStream(bytes), CODEC.lengthField());
        assertEquals("00 00 00 00", hex(bytes.toByteArray()));
    }

    @Test
    void aBookOfOneMebibyteHasItsLengthInFourBytes() {
        // 1 + 4 + 1,048,576 = 0x00100005.
        assertEquals("00 10 00 05 07 00 00 00 09", hex(PeerCodec.bookHead(9, 1 << 20, LengthField.LONG)));
        assertEquals("00 10 00 05 07 00 00 00 09", hex(Frames.encode(CODEC, new BookData(9, new byte[1 << 20]))).substring(0, 26));
        assertThrows(IllegalArgumentException.class, () -> PeerCodec.bookHead(1, BookData.MAX_NETD_BYTES + 1, LengthField.LONG));
        assertThrows(IllegalArgumentException.class, () -> PeerCodec.bookHead(1, 1 << 20));
    }

    @Test
    void anUploaderReadsTheHandshakeWithTwoBytesThenEveryFrameWithFour() throws IOException, ProtocolException {
        byte[] bookFrame = Frames.encode(CODEC, new BookData(3, new byte[70_000]));
        FrameReader reader = new FrameReader(new ByteArrayInputStream(hex(HANDSHAKE + " 00 00 00 05 06 00 00 0a 02 00 00 00 00 "
                + hex(bookFrame))), 70_005, id -> null, LengthField.SHORT, LengthField.LONG);
        Frame handshake = reader.read();
        assertEquals(new Handshake(PLAYER, INFO_HASH), CODEC.decode(handshake.id(), handshake.payload()));
        Frame request = reader.read();
        assertEquals(new Request(2562), CODEC.decode(request.id(), request.payload()));
        assertEquals(Frame.KEEP_ALIVE, reader.read());
        Frame book = reader.read();
        assertEquals(70_004, book.payload().length);
        assertEquals(null, reader.read());
    }

    @Test
    void aLengthOverTheLibrarysBoundIsRejectedBeforeReadingThePayload() {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(hex("00 10 00 06 07")), 1 << 20 | 5, id -> null,
                LengthField.LONG, LengthField.LONG);
        ProtocolException e = assertThrows(ProtocolException.class, reader::read);
        assertEquals("frame length 1048582 exceeds the limit of 1048581", e.getMessage());
        // An original peer's have read as a 4-byte length (0x00050400) is longer than a 16 KiB book's frame: never trusted.
        FrameReader confused = new FrameReader(new ByteArrayInputStream(hex("00 05 04 00 00 0a 02")), 16389,
                id -> null, LengthField.LONG, LengthField.LONG);
        assertThrows(ProtocolException.class, confused::read);
        FrameReader truncated = new FrameReader(new ByteArrayInputStream(hex("00 00 00")), 100, id -> null,
                LengthField.LONG, LengthField.LONG);
        assertThrows(EOFException.class, truncated::read);
    }

    @Test
    void aNetdBitfieldMayBeLongerThanATwoByteFrameButNoLongerThanANetdLibrarysBooks() throws ProtocolException {
        byte[] bits = new byte[Bitfield.MAX_BYTES + 1];
        bits[0] = (byte) 0x80;
        assertArrayEquals(bits, ((Bitfield) CODEC.decode(PeerMessage.BITFIELD, bits)).bits());
        assertThrows(ProtocolException.class, () -> PeerCodec.INSTANCE.decode(PeerMessage.BITFIELD, bits));
        assertThrows(ProtocolException.class,
                () -> CODEC.decode(PeerMessage.BITFIELD, new byte[Bitfield.MAX_NETD_BYTES + 1]));
        assertEquals(1 + (1 << 19), PeerCodec.maxFrameLength(16384, 1 << 22));
    }
}
