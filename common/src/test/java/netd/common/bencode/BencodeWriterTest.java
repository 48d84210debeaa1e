package netd.common.bencode;

import netd.common.bencode.BencodeWriter.Key;
import netd.common.id.Bytes20;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BencodeWriterTest {
    private static final Key A = Key.of("a");
    private static final Key B = Key.of("b");

    @Test
    void writesWhatEncodingTheSameTreeWrites() {
        byte[] written = new BencodeWriter(4)
                .dictionary()
                .key(A).integer(0)
                .key(B).list().integer(-42).integer(Long.MAX_VALUE).integer(Long.MIN_VALUE).string("sp\u00e4m").string(new byte[0])
                .string("127.0.0.1").string("")
                .dictionary().key(A).integer(7).end()
                .end()
                .end()
                .toByteArray();

        BValue tree = BDictionary.builder()
                .put("a", 0)
                .put("b", new BList(List.of(new BInteger(-42), new BInteger(Long.MAX_VALUE), new BInteger(Long.MIN_VALUE),
                        BString.of("sp\u00e4m"), BString.of(new byte[0]), BString.of("127.0.0.1"), BString.of(""), BDictionary.builder().put("a", 7).build())))
                .build();
        assertArrayEquals(Bencode.encode(tree), written);
        assertEquals("i1234567890e", new String(new BencodeWriter(1).integer(1234567890).toByteArray(), StandardCharsets.US_ASCII));
    }

    @Test
    void writesIdsAndSendsAPrefixAndTheValueInOneWrite() throws IOException {
        byte[] id = "-ND0100-0123456789ab".getBytes(StandardCharsets.US_ASCII);
        BencodeWriter writer = new BencodeWriter(1, 2).list().string(Bytes20.copyOf(id)).end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeTo(out, new byte[] {'<', '>'});

        assertEquals("<>l20:-ND0100-0123456789abe", out.toString(StandardCharsets.US_ASCII));
        assertEquals(out.size() - 2, writer.size());
        assertEquals("l20:-ND0100-0123456789abe", new String(writer.toByteArray(), StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> writer.writeTo(out, new byte[1]));
    }

    @Test
    void refusesKeysOutOfOrderOrOutsideADictionary() {
        assertThrows(IllegalStateException.class, () -> new BencodeWriter(8).dictionary().key(B).key(A));
        assertThrows(IllegalStateException.class, () -> new BencodeWriter(8).dictionary().key(A).key(A));
        assertThrows(IllegalStateException.class, () -> new BencodeWriter(8).list().key(A));
        assertThrows(IllegalStateException.class, () -> new BencodeWriter(8).key(A));
    }

    @Test
    void refusesUnendedOrOverEndedContainers() {
        assertThrows(IllegalStateException.class, () -> new BencodeWriter(8).dictionary().toByteArray());
        assertThrows(IllegalStateException.class, () -> new BencodeWriter(8).end());
    }
}
