package netd.common.bencode;

import netd.common.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BencodeTest {
    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String encoded(BValue value) {
        return new String(Bencode.encode(value), StandardCharsets.ISO_8859_1);
    }

    private static ProtocolException rejected(String input) {
        return assertThrows(ProtocolException.class, () -> Bencode.decode(ascii(input)), input);
    }

    @Test
    void encodesTheGoldenExamplesOfTheProtocol() {
        assertEquals("i42e", encoded(new BInteger(42)));
        assertEquals("i0e", encoded(new BInteger(0)));
        assertEquals("i-3e", encoded(new BInteger(-3)));
        assertEquals("4:spam", encoded(BString.of("spam")));
        assertEquals("0:", encoded(BString.of("")));
        assertEquals("l4:spami42ee", encoded(new BList(List.of(BString.of("spam"), new BInteger(42)))));
        assertEquals("d3:bar4:spam3:fooi42ee", encoded(BDictionary.builder().put("foo", 42).put("bar", "spam").build()));
    }

    @Test
    void decodesTheGoldenExamplesOfTheProtocol() throws ProtocolException {
        assertEquals(new BInteger(42), Bencode.decode(ascii("i42e")));
        assertEquals(new BInteger(-3), Bencode.decode(ascii("i-3e")));
        assertEquals(BString.of(""), Bencode.decode(ascii("0:")));
        assertEquals(new BList(List.of(BString.of("spam"), new BInteger(42))), Bencode.decode(ascii("l4:spami42ee")));
        BDictionary dictionary = Bencode.decodeDictionary(ascii("d3:bar4:spam3:fooi42ee"));
        assertEquals("spam", dictionary.string("bar"));
        assertEquals(42, dictionary.integer("foo"));
    }

    @Test
    void writesKeysSortedByRawUnsignedBytes() {
        BDictionary dictionary = new BDictionary(Map.of(
                BString.of(new byte[] {(byte) 0xff}), new BInteger(1),
                BString.of("b"), new BInteger(2),
                BString.of("a"), new BInteger(3),
                BString.of("ab"), new BInteger(4)));
        assertEquals("d1:ai3e2:abi4e1:bi2e1:\u00ffi1ee", encoded(dictionary));
    }

    @Test
    void roundTripsNestedValuesAndBinaryStrings() throws ProtocolException {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        BValue value = BDictionary.builder()
                .put("binary", binary)
                .put("list", new BList(List.of(new BInteger(Long.MIN_VALUE), new BInteger(Long.MAX_VALUE),
                        new BList(List.of()), BDictionary.builder().build())))
                .put("text", "grüße")
                .build();
        byte[] bytes = Bencode.encode(value);
        assertEquals(value, Bencode.decode(bytes));
        assertArrayEquals(bytes, Bencode.encode(Bencode.decode(bytes)));
    }

    @Test
    void acceptsTheExtremesOfSixtyFourBits() throws ProtocolException {
        assertEquals(new BInteger(Long.MAX_VALUE), Bencode.decode(ascii("i9223372036854775807e")));
        assertEquals(new BInteger(Long.MIN_VALUE), Bencode.decode(ascii("i-9223372036854775808e")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"i9223372036854775808e", "i-9223372036854775809e", "i99999999999999999999e",
            "i-99999999999999999999e", "99999999999999999999:x"})
    void rejectsNumbersBeyondSixtyFourBits(String input) {
        assertTrue(rejected(input).getMessage().contains("64 bits"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "i03e | leading zero",
            "i-03e | leading zero",
            "03:abc | leading zero",
            "i-0e | -0",
            "ie | no digits",
            "i-e | no digits",
            ":abc | unexpected byte",
            "i+3e | unexpected byte",
            "i3.5e | unexpected byte",
            "-3:abc | unexpected byte",
            "x | unexpected byte",
            "i42 | ends too early",
            "4:spa | runs past the end",
            "l4:spam | ends too early",
            "d3:foo | ends too early",
            "d3:fooi1e | ends too early",
            " | ends too early",
            "i42ee | trailing bytes",
            "4:spamx | trailing bytes",
            "lei0e | trailing bytes",
            "di1ei2ee | key is not a string",
            "dli1eei2ee | key is not a string",
            "d1:ai1e1:ai2ee | duplicate dictionary key 'a'",
    })
    void rejectsMalformedInputSayingWhatIsWrong(String input, String problem) {
        String message = rejected(input == null ? "" : input).getMessage();
        assertTrue(message.contains(problem), message);
        assertTrue(message.matches(".* at byte \\d+"), message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "i03e | 1",
            "li1ei03ee | 5",
            "d1:ai1e1:ai2ee | 7",
            "li1e5:abc | 4",
            "i42ee | 4",
            "d1:ai1ei2ei3ee | 7",
    })
    void namesTheByteOffsetOfTheProblem(String input, int offset) {
        assertTrue(rejected(input).getMessage().endsWith(" at byte " + offset), rejected(input).getMessage());
    }

    @Test
    void acceptsNestingSixtyFourDeepAndRejectsSixtyFive() throws ProtocolException {
        assertEquals(64, depth(Bencode.decode(ascii(nested(Bencode.MAX_DEPTH)))));
        assertTrue(rejected(nested(Bencode.MAX_DEPTH + 1)).getMessage().contains("nesting deeper than 64"));
        assertTrue(rejected("d1:a" + nested(Bencode.MAX_DEPTH) + "e").getMessage().contains("nesting"));
    }

    @Test
    void rejectsTenThousandLevelsWithoutOverflowingTheStack() {
        assertTrue(rejected(nested(10_000)).getMessage().contains("nesting"));
        assertTrue(rejected("d1:a".repeat(10_000)).getMessage().contains("nesting"));
    }

    /** {@code depth} lists around an integer: depth 1 is {@code li0ee}. */
    private static String nested(int depth) {
        return "l".repeat(depth) + "i0e" + "e".repeat(depth);
    }

    private static int depth(BValue value) {
        return value instanceof BList list ? 1 + depth(list.items().getFirst()) : 0;
    }

    @Test
    void rawValueReturnsTheExactBytesEvenWhenKeysAreNotSorted() throws ProtocolException {
        String info = "d6:lengthi5e4:name1:xe";
        byte[] file = ascii("d4:infod4:name1:x6:lengthi5ee8:announce3:a/1e");
        assertArrayEquals(ascii("d4:name1:x6:lengthi5ee"), Bencode.rawValue(file, "info"));
        assertArrayEquals(ascii("3:a/1"), Bencode.rawValue(file, "announce"));
        // Re-encoding would sort the keys and give other bytes: the raw value must not.
        assertArrayEquals(ascii(info), Bencode.encode(Bencode.decodeDictionary(file).dictionary("info")));
        assertNull(Bencode.rawValue(file, "missing"));
    }

    @Test
    void rawValueRejectsWhatIsNotADictionary() {
        assertThrows(ProtocolException.class, () -> Bencode.rawValue(ascii("li1ee"), "info"));
        assertThrows(ProtocolException.class, () -> Bencode.rawValue(ascii("d4:info"), "info"));
    }

    @Test
    void decodeDictionaryRejectsOtherValues() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Bencode.decodeDictionary(ascii("li1ee")));
        assertTrue(e.getMessage().contains("dictionary"), e.getMessage());
    }
}
