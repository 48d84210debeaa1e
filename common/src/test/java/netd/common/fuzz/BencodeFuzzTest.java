package netd.common.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import netd.common.bencode.BValue;
import netd.common.bencode.Bencode;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The strict bencode reader (PROTOCOL.md §1) against arbitrary bytes. */
class BencodeFuzzTest {
    @FuzzTest
    void decode(byte[] input) throws IOException {
        BValue value = Invariants.decodedOrNull(() -> Bencode.decode(input));
        if (value == null) {
            return;
        }
        byte[] encoded = Bencode.encode(value);
        // The decoder rejects every non-canonical form except unsorted dictionary keys, and
        // sorting keys keeps the length: so the re-encoding is as long as the input (which
        // also bounds what decoding built), and equal to it whenever the keys were sorted.
        assertEquals(input.length, encoded.length, "re-encoded length");
        BValue again = Invariants.decodedOrNull(() -> Bencode.decode(encoded));
        assertEquals(value, again, "decode(encode(value))");
        assertArrayEquals(encoded, Bencode.encode(again), "canonical bytes re-encode to themselves");
    }
}
