package netd.common.wire;

import netd.common.wire.PeerMessage.Bitfield;
import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static netd.common.wire.Frames.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BitfieldTest {
    @Test
    void theHighBitOfTheFirstByteIsBookZero() {
        BitSet books = new BitSet();
        books.set(0);
        books.set(9);
        books.set(17);
        assertArrayEquals(hex("80 40 40"), Bitfield.of(books, 18).bits());
        assertEquals(books, new Bitfield(hex("80 40 40")).toBooks(18));
    }

    @Test
    void theGoldenBitfieldHoldsItsBooks() {
        // 35 26 ef = 0011 0101  0010 0110  1110 1111
        BitSet books = new Bitfield(hex("35 26 ef")).toBooks(24);
        assertEquals("{2, 3, 5, 7, 10, 13, 14, 16, 17, 18, 20, 21, 22, 23}", books.toString());
    }

    @Test
    void booksBeyondTheCountAreLeftOutWhenBuilding() {
        BitSet books = new BitSet();
        books.set(0, 12);
        assertArrayEquals(hex("ff e0"), Bitfield.of(books, 11).bits());
        assertEquals(0, Bitfield.of(new BitSet(), 0).bits().length);
    }

    @Test
    void rejectsABitfieldOfTheWrongLength() {
        Bitfield bitfield = new Bitfield(hex("ff e0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bitfield.toBooks(17));
        assertEquals("bitfield of 2 bytes for 17 books (expected 3)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bitfield.toBooks(8));
    }

    @Test
    void rejectsSpareBitsThatAreSet() {
        Bitfield bitfield = new Bitfield(hex("ff f0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bitfield.toBooks(11));
        assertEquals("bitfield has spare bit 11 set beyond 11 books", e.getMessage());
        assertEquals(12, bitfield.toBooks(12).cardinality());
    }

    @Test
    void isImmutable() {
        byte[] bits = hex("80");
        Bitfield bitfield = new Bitfield(bits);
        bits[0] = 0;
        bitfield.bits()[0] = 0;
        assertEquals(new Bitfield(hex("80")), bitfield);
    }
}
