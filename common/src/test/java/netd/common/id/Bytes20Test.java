package netd.common.id;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Bytes20Test {
    @Test
    void hasValueEqualityAndHex() {
        byte[] bytes = new byte[20];
        bytes[19] = (byte) 0xab;
        Bytes20 value = Bytes20.copyOf(bytes);
        assertEquals(Bytes20.copyOf(bytes.clone()), value);
        assertEquals(value.hashCode(), Bytes20.copyOf(bytes.clone()).hashCode());
        assertEquals("00".repeat(19) + "ab", value.hex());
        bytes[0] = 1;
        assertNotEquals(Bytes20.copyOf(bytes), value);
        assertEquals(0, value.toByteArray()[0]);
    }

    @Test
    void copiesTwentyBytesFromAnOffset() {
        byte[] source = new byte[45];
        source[5] = 7;
        Bytes20 value = Bytes20.copyOf(source, 5);
        assertEquals(7, value.toByteArray()[0]);
        assertThrows(IllegalArgumentException.class, () -> Bytes20.copyOf(new byte[21]));
        // copyOfRange would pad a short source with zeros: a truncated id must not pass as one.
        assertThrows(IndexOutOfBoundsException.class, () -> Bytes20.copyOf(new byte[30], 11));
        assertThrows(IndexOutOfBoundsException.class, () -> Bytes20.copyOf(new byte[30], -1));
    }
}
