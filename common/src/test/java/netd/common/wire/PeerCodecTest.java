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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static netd.common.wire.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerCodecTest {
    private static final PeerCodec CODEC = PeerCodec.INSTANCE;
    private static final PlayerId PLAYER = PlayerId.of("-RO0101-7ec7150dddf3".getBytes(StandardCharsets.US_ASCII));
    private static final InfoHash INFO_HASH = InfoHash.of(hex("00112233445566778899aabbccddeeff01234567"));

    static Stream<Arguments> goldenMessages() {
        return Stream.of(
                Arguments.of(new Choke(), "00 01 00"),
                Arguments.of(new Unchoke(), "00 01 01"),
                Arguments.of(new Interested(), "00 01 02"),
                Arguments.of(new NotInterested(), "00 01 03"),
                Arguments.of(new Have(2562), "00 05 04 00 00 0a 02"),
                Arguments.of(new Bitfield(hex("3526ef")), "00 04 05 35 26 ef"),
                Arguments.of(new Request(2562), "00 05 06 00 00 0a 02"),
                Arguments.of(new BookData(5, hex("aabbcc")), "00 08 07 00 00 00 05 aa bb cc"),
                Arguments.of(new Have(Integer.MAX_VALUE), "00 05 04 7f ff ff ff"),
                Arguments.of(new Bitfield(new byte[0]), "00 01 05"),
                // Player id first, then the info hash: the original's code, not its description.
                Arguments.of(new Handshake(PLAYER, INFO_HASH), "00 29 08 " + hex("-RO0101-7ec7150dddf3".getBytes(StandardCharsets.US_ASCII))
                        + " 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 01 23 45 67"));
    }

    @ParameterizedTest
    @MethodSource("goldenMessages")
    void encodesEachMessageToItsGoldenBytes(PeerMessage message, String golden) {
        assertEquals(golden, hex(Frames.encode(CODEC, message)));
    }

    @Test
    void aBookHeadIsTheGoldenFrameUpToTheBook() {
        // The book message's golden frame, "00 08 07 00 00 00 05 aa bb cc", less its 3-byte book.
        assertEquals("00 08 07 00 00 00 05", hex(PeerCodec.bookHead(5, 3)));
        assertEquals(hex(Frames.encode(CODEC, new BookData(0x01020304, new byte[16384]))).substring(0, 20),
                hex(PeerCodec.bookHead(0x01020304, 16384)));
        assertThrows(IllegalArgumentException.class, () -> PeerCodec.bookHead(1, BookData.MAX_BYTES + 1));
    }

    @Test
    void aBookIsEncodedFromItsBuffersRemainingBytesWhereverTheyLie() throws IOException {
        String golden = "00 08 07 00 00 00 05 aa bb cc";
        ByteBuffer inArray = ByteBuffer.wrap(hex("11 aa bb cc 22"), 1, 3);
        ByteBuffer outside = ByteBuffer.allocateDirect(5).put(hex("11 aa bb cc 22")).position(1).limit(4);
        for (ByteBuffer data : List.of(inArray, outside)) {
            assertEquals(golden, hex(Frames.encode(CODEC, new BookData(5, data))));
            assertEquals(1, data.position(), "encoding does not move the caller's buffer");
        }
    }

    @ParameterizedTest
    @MethodSource("goldenMessages")
    void decodesEachGoldenFrameToItsMessage(PeerMessage message, String golden) throws IOException, ProtocolException {
        assertEquals(message, Frames.decode(CODEC, hex(golden)));
    }

    @Test
    void aPoolingCodecDecodesABookAsAViewOfItsLeasedBuffer() throws ProtocolException, InterruptedException {
        BufferPool pool = new BufferPool(PeerCodec.maxFrameLength(3) - 1, 4, 4);
        PeerCodec pooling = PeerCodec.pooling(pool);
        assertEquals(pool, pooling.payloadPool(PeerMessage.BOOK));
        assertEquals(null, pooling.payloadPool(PeerMessage.HAVE));
        assertEquals(null, CODEC.payloadPool(PeerMessage.BOOK));

        // The golden book frame's payload, "00 00 00 05 aa bb cc", in a leased buffer.
        BufferPool.Lease lease = pool.take(0);
        lease.buffer().put(hex("00 00 00 05 aa bb cc")).flip();
        BookData book = (BookData) pooling.decode(PeerMessage.BOOK, lease);
        assertEquals(new BookData(5, hex("aabbcc")), book);
        assertTrue(book.data().isDirect(), "the book is not copied out of its buffer");
        assertEquals(lease, book.lease());

        book.release();
        assertEquals(1, pool.idle());
        assertThrows(IllegalStateException.class, book::release);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "000000 | message 0x7 has a payload of 3 bytes, expected at least 4",
            "80000000aa | book index 2147483648 is beyond any library",
    })
    void aPoolingCodecRejectsABadBookAndLeavesTheLeaseWithTheCaller(String payload, String problem) throws InterruptedException {
        BufferPool pool = new BufferPool(16, 4, 4);
        BufferPool.Lease lease = pool.take(0);
        lease.buffer().put(hex(payload)).flip();
        ProtocolException e = assertThrows(ProtocolException.class, () -> PeerCodec.pooling(pool).decode(PeerMessage.BOOK, lease));
        assertEquals(problem, e.getMessage());
        lease.release(); // still the caller's to give back: not released by the codec
        assertEquals(1, pool.idle());
    }

    @Test
    void theLargestBookFillsTheLengthField() throws IOException, ProtocolException {
        BookData book = new BookData(1, new byte[BookData.MAX_BYTES]);
        byte[] frame = Frames.encode(CODEC, book);
        assertEquals("ff ff 07", hex(java.util.Arrays.copyOf(frame, 3)));
        assertEquals(book, Frames.decode(CODEC, frame));
        // One byte more needs the 4-byte lengths of a netd library (LongFramesTest).
        assertThrows(IllegalArgumentException.class, () -> Frames.encode(CODEC, new BookData(1, new byte[BookData.MAX_BYTES + 1])));
        assertThrows(IllegalArgumentException.class, () -> new BookData(1, new byte[BookData.MAX_NETD_BYTES + 1]));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "00 | 00 | message 0x0 has a payload of 1 bytes, expected 0",
            "01 | 0000 | message 0x1 has a payload of 2 bytes, expected 0",
            "02 | 00 | message 0x2 has a payload of 1 bytes, expected 0",
            "03 | 00 | message 0x3 has a payload of 1 bytes, expected 0",
            "04 | 000a02 | message 0x4 has a payload of 3 bytes, expected 4",
            "04 | 00000a0200 | message 0x4 has a payload of 5 bytes, expected 4",
            "04 | 80000000 | book index 2147483648 is beyond any library",
            "06 | '' | message 0x6 has a payload of 0 bytes, expected 4",
            "06 | ffffffff | book index 4294967295 is beyond any library",
            "07 | 000000 | message 0x7 has a payload of 3 bytes, expected at least 4",
            "07 | 80000000aa | book index 2147483648 is beyond any library",
            "08 | 00 | message 0x8 has a payload of 1 bytes, expected 40",
            "09 | '' | unknown message id 0x9 on a player link",
            "10 | 6465 | unknown message id 0x10 on a player link",
            "ff | '' | unknown message id 0xff on a player link",
    })
    void rejectsEachWayAPayloadCanBeWrong(String id, String payload, String problem) {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> CODEC.decode(Integer.parseInt(id, 16), hex(payload)));
        assertEquals(problem, e.getMessage());
    }

    @Test
    void rejectsAHandshakeOneByteShortOrLong() {
        assertThrows(ProtocolException.class, () -> CODEC.decode(PeerMessage.HANDSHAKE, new byte[39]));
        assertThrows(ProtocolException.class, () -> CODEC.decode(PeerMessage.HANDSHAKE, new byte[41]));
    }

    @Test
    void rejectsABitfieldLongerThanAFrameCanHold() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> CODEC.decode(PeerMessage.BITFIELD, new byte[Bitfield.MAX_BYTES + 1]));
        assertEquals("bitfield of 65535 bytes is too long", e.getMessage());
    }

    @Test
    void rejectsABookLongerThanAFrameCanHold() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> CODEC.decode(PeerMessage.BOOK, new byte[4 + BookData.MAX_BYTES + 1]));
        assertEquals("book of 65531 bytes is too long", e.getMessage());
    }

    @Test
    void refusesToBuildMessagesThatCouldNotBeSent() {
        assertThrows(IllegalArgumentException.class, () -> new Have(-1));
        assertThrows(IllegalArgumentException.class, () -> new Request(Integer.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> new BookData(-1, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> new Bitfield(new byte[Bitfield.MAX_NETD_BYTES + 1]));
        assertThrows(IllegalArgumentException.class, () -> Frames.encode(CODEC, new Bitfield(new byte[Bitfield.MAX_BYTES + 1])));
    }

    @Test
    void theLargestFrameFromAPeerHoldsAHandshakeOrABook() {
        assertEquals(16389, PeerCodec.maxFrameLength(16384));
        assertEquals(41, PeerCodec.maxFrameLength(1));
    }
}
