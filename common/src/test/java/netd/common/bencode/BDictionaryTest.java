package netd.common.bencode;

import netd.common.ProtocolException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BDictionaryTest {
    private final BDictionary dictionary = BDictionary.builder()
            .put("n", 7)
            .put("s", "text")
            .put("b", new byte[] {1, 2})
            .put("l", new BList(java.util.List.of()))
            .put("d", BDictionary.builder().build())
            .build();

    @Test
    void typedGettersReturnValuesOfTheirType() throws ProtocolException {
        assertEquals(7, dictionary.integer("n"));
        assertEquals("text", dictionary.string("s"));
        assertArrayEquals(new byte[] {1, 2}, dictionary.bytes("b"));
        assertEquals(0, dictionary.list("l").items().size());
        assertEquals(0, dictionary.dictionary("d").entries().size());
        assertEquals(7L, dictionary.optionalInteger("n"));
        assertNull(dictionary.optionalInteger("absent"));
        assertNull(dictionary.optionalString("absent"));
    }

    @Test
    void aMissingKeyIsNamed() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> dictionary.integer("absent"));
        assertEquals("missing key 'absent'", e.getMessage());
    }

    @Test
    void aWrongTypeIsNamedWithBothTypes() {
        assertEquals("key 's' should be an integer, not a string",
                assertThrows(ProtocolException.class, () -> dictionary.integer("s")).getMessage());
        assertEquals("key 'n' should be a string, not an integer",
                assertThrows(ProtocolException.class, () -> dictionary.optionalString("n")).getMessage());
        assertEquals("key 'l' should be a dictionary, not a list",
                assertThrows(ProtocolException.class, () -> dictionary.dictionary("l")).getMessage());
        assertEquals("key 'd' should be a list, not a dictionary",
                assertThrows(ProtocolException.class, () -> dictionary.list("d")).getMessage());
    }

    @Test
    void stringsAreCopiedSoTheDictionaryStaysImmutable() throws ProtocolException {
        byte[] source = {1, 2};
        BDictionary copy = BDictionary.builder().put("b", source).build();
        source[0] = 9;
        copy.bytes("b")[1] = 9;
        assertArrayEquals(new byte[] {1, 2}, copy.bytes("b"));
    }
}
