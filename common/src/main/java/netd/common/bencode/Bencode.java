package netd.common.bencode;

import netd.common.ProtocolException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Strict bencode (PROTOCOL.md §1). Decoding rejects truncated input, trailing bytes,
 * non-string or duplicate keys, lengths past the end, leading zeros, {@code -0}, integers
 * outside 64 bits and nesting deeper than {@link #MAX_DEPTH}; every error names the byte
 * offset. Encoding always writes keys sorted by raw bytes.
 */
public final class Bencode {
    /** Deeper nesting is an error, not a stack overflow. */
    public static final int MAX_DEPTH = 64;

    private Bencode() {
    }

    /** Decodes exactly one value that spans all of {@code input}. */
    public static BValue decode(byte[] input) throws ProtocolException {
        Decoder decoder = new Decoder(input);
        BValue value = decoder.value(0);
        if (decoder.position != input.length) {
            throw decoder.error("trailing bytes after the value");
        }
        return value;
    }

    /** Decodes {@code input}, which must be one dictionary. */
    public static BDictionary decodeDictionary(byte[] input) throws ProtocolException {
        if (decode(input) instanceof BDictionary dictionary) {
            return dictionary;
        }
        throw new ProtocolException("expected a bencoded dictionary at byte 0");
    }

    /**
     * The exact bytes of the value under {@code key} in the top-level dictionary of
     * {@code input}, as they stand (the info hash is computed over them), or null when absent.
     */
    public static byte[] rawValue(byte[] input, String key) throws ProtocolException {
        byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
        Decoder decoder = new Decoder(input);
        decoder.expect('d');
        while (decoder.peek() != 'e') {
            byte[] entryKey = decoder.string().unsafeBytes();
            int start = decoder.position;
            decoder.value(1);
            if (Arrays.equals(entryKey, wanted)) {
                return Arrays.copyOfRange(input, start, decoder.position);
            }
        }
        return null;
    }

    public static byte[] encode(BValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(value, out);
        return out.toByteArray();
    }

    private static void encode(BValue value, ByteArrayOutputStream out) {
        switch (value) {
            case BInteger integer -> ascii(out, "i" + integer.value() + "e");
            case BString string -> {
                ascii(out, string.length() + ":");
                out.writeBytes(string.unsafeBytes());
            }
            case BList list -> {
                out.write('l');
                list.items().forEach(item -> encode(item, out));
                out.write('e');
            }
            case BDictionary dictionary -> {
                out.write('d');
                for (Map.Entry<BString, BValue> entry : dictionary.entries().entrySet()) {
                    encode(entry.getKey(), out);
                    encode(entry.getValue(), out);
                }
                out.write('e');
            }
        }
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static final class Decoder {
        private final byte[] input;
        private int position;

        Decoder(byte[] input) {
            this.input = input;
        }

        BValue value(int depth) throws ProtocolException {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels");
            }
            int c = peek();
            return switch (c) {
                case 'i' -> integer();
                case 'l' -> list(depth);
                case 'd' -> dictionary(depth);
                default -> {
                    if (c >= '0' && c <= '9') {
                        yield string();
                    }
                    throw error("unexpected byte 0x" + Integer.toHexString(c) + " where a value should start");
                }
            };
        }

        private BInteger integer() throws ProtocolException {
            expect('i');
            long value = digits('e', true);
            expect('e');
            return new BInteger(value);
        }

        BString string() throws ProtocolException {
            int start = position;
            long length = digits(':', false);
            expect(':');
            if (length > input.length - position) {
                throw errorAt(start, "string length " + length + " runs past the end of the input");
            }
            byte[] bytes = Arrays.copyOfRange(input, position, position + (int) length);
            position += (int) length;
            return BString.wrap(bytes);
        }

        private BList list(int depth) throws ProtocolException {
            expect('l');
            ArrayList<BValue> items = new ArrayList<>();
            while (peek() != 'e') {
                items.add(value(depth + 1));
            }
            expect('e');
            return new BList(items);
        }

        private BDictionary dictionary(int depth) throws ProtocolException {
            expect('d');
            TreeMap<BString, BValue> entries = new TreeMap<>();
            while (peek() != 'e') {
                int keyStart = position;
                int c = peek();
                if (c < '0' || c > '9') {
                    throw error("dictionary key is not a string");
                }
                BString key = string();
                if (entries.put(key, value(depth + 1)) != null) {
                    throw errorAt(keyStart, "duplicate dictionary key '" + key.utf8() + "'");
                }
            }
            expect('e');
            return new BDictionary(entries);
        }

        /**
         * Reads a decimal number up to (not including) {@code terminator}: no leading zeros,
         * no "-0", at most 64 bits, and a sign only where {@code signed}.
         */
        private long digits(char terminator, boolean signed) throws ProtocolException {
            int start = position;
            boolean negative = signed && peek() == '-';
            if (negative) {
                position++;
            }
            int firstDigit = position;
            long value = 0;
            while (peek() != terminator) {
                int c = input[position];
                if (c < '0' || c > '9') {
                    throw error("unexpected byte 0x" + Integer.toHexString(c & 0xff) + " in a number");
                }
                int digit = c - '0';
                // Accumulate negatively so Long.MIN_VALUE fits; overflow is checked before it happens.
                if (value < (Long.MIN_VALUE + digit) / 10) {
                    throw errorAt(start, "number does not fit in 64 bits");
                }
                value = value * 10 - digit;
                position++;
            }
            int count = position - firstDigit;
            if (count == 0) {
                throw errorAt(start, "number has no digits");
            }
            if (count > 1 && input[firstDigit] == '0') {
                throw errorAt(start, "number has a leading zero");
            }
            if (negative && value == 0) {
                throw errorAt(start, "-0 is not a valid integer");
            }
            if (negative) {
                return value;
            }
            if (value == Long.MIN_VALUE) {
                throw errorAt(start, "number does not fit in 64 bits");
            }
            return -value;
        }

        int peek() throws ProtocolException {
            if (position >= input.length) {
                throw error("input ends too early");
            }
            return input[position] & 0xff;
        }

        void expect(char c) throws ProtocolException {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            position++;
        }

        ProtocolException error(String what) {
            return errorAt(position, what);
        }

        ProtocolException errorAt(int offset, String what) {
            return new ProtocolException("bencode: " + what + " at byte " + offset);
        }
    }
}
