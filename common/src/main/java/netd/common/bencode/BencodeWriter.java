package netd.common.bencode;

import netd.common.id.Bytes20;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes bencode straight into bytes, for a message sent thousands of times a second (the
 * hub's answer), where building a tree of {@link BValue}s first costs more than sending it.
 * The caller writes dictionary keys in sorted order, as {@link Bencode#encode} would; the
 * writer checks that they are, so its output is canonical too.
 */
public final class BencodeWriter {
    /** A dictionary key, encoded once: its bytes, and the whole bencoded string ready to copy. */
    public static final class Key {
        private final byte[] bytes;
        private final byte[] encoded;

        private Key(byte[] bytes) {
            this.bytes = bytes;
            this.encoded = Bencode.encode(BString.of(bytes));
        }

        public static Key of(String utf8) {
            return new Key(utf8.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The "last key" of a dictionary with no key yet. */
    private static final byte[] NO_KEY = new byte[0];

    private final int prefixLength;
    private byte[] buffer;
    private int size;
    /** Per open container: the last key of a dictionary (empty before the first), or null for a list. */
    /** Grown as containers nest, up to {@link Bencode#MAX_DEPTH}: most values nest two deep, and a hub makes a writer per announce. */
    private byte[][] lastKeys = new byte[4][];
    private int depth;

    public BencodeWriter(int expectedSize) {
        this(expectedSize, 0);
    }

    /**
     * A writer that reserves {@code prefixLength} bytes before the value, for a header known
     * only once the value is written (a frame's length field), so that both can leave in one
     * write without copying the value: see {@link #writeTo(OutputStream, byte[])}.
     */
    public BencodeWriter(int expectedSize, int prefixLength) {
        this.prefixLength = prefixLength;
        buffer = new byte[Math.max(16, prefixLength + expectedSize)];
        size = prefixLength;
    }

    /** Forgets what was written, keeping the buffer, to write another value. */
    public BencodeWriter reset() {
        size = prefixLength;
        depth = 0;
        return this;
    }

    public BencodeWriter dictionary() {
        open(NO_KEY);
        write('d');
        return this;
    }

    public BencodeWriter list() {
        open(null);
        write('l');
        return this;
    }

    /** Closes the innermost dictionary or list. */
    public BencodeWriter end() {
        if (depth == 0) {
            throw new IllegalStateException("nothing to end");
        }
        depth--;
        write('e');
        return this;
    }

    /** The next key of the innermost dictionary; keys must come in sorted order. */
    public BencodeWriter key(Key key) {
        byte[] last = depth == 0 ? null : lastKeys[depth - 1];
        if (last == null) {
            throw new IllegalStateException("a key outside a dictionary");
        }
        if (last.length > 0 && Arrays.compareUnsigned(last, key.bytes) >= 0) {
            throw new IllegalStateException("key '" + new String(key.bytes, StandardCharsets.UTF_8) + "' out of order");
        }
        lastKeys[depth - 1] = key.bytes;
        raw(key.encoded);
        return this;
    }

    public BencodeWriter string(byte[] bytes) {
        decimal(bytes.length);
        write(':');
        raw(bytes);
        return this;
    }

    /** A 20-byte id, copied straight from where it is kept. */
    public BencodeWriter string(Bytes20 value) {
        decimal(Bytes20.LENGTH);
        write(':');
        ensure(Bytes20.LENGTH);
        value.copyTo(buffer, size);
        size += Bytes20.LENGTH;
        return this;
    }

    /**
     * A text string, in UTF-8. ASCII text (every IP address of every answer) is copied char by
     * char, without the temporary array {@code getBytes} would make for each.
     */
    public BencodeWriter string(String utf8) {
        int length = utf8.length();
        for (int i = 0; i < length; i++) {
            if (utf8.charAt(i) >= 0x80) {
                return string(utf8.getBytes(StandardCharsets.UTF_8));
            }
        }
        decimal(length);
        write(':');
        ensure(length);
        for (int i = 0; i < length; i++) {
            buffer[size++] = (byte) utf8.charAt(i);
        }
        return this;
    }

    /**
     * A value already bencoded (by another writer), copied as it is: an answer lists players
     * whose entries were encoded once, when they announced. The caller vouches for the bytes.
     */
    public BencodeWriter encoded(byte[] bencodedValue) {
        raw(bencodedValue);
        return this;
    }

    public BencodeWriter integer(long value) {
        write('i');
        decimal(value);
        write('e');
        return this;
    }

    /** The bytes written; every dictionary and list must be ended. */
    public byte[] toByteArray() {
        requireComplete();
        return Arrays.copyOfRange(buffer, prefixLength, size);
    }

    /** How many bytes were written, the reserved prefix not counted. */
    public int size() {
        return size - prefixLength;
    }

    /** Writes {@code prefix} into the reserved bytes, then the prefix and the value to {@code out} in one write. */
    public void writeTo(OutputStream out, byte[] prefix) throws IOException {
        ByteBuffer whole = finishWith(prefix);
        out.write(whole.array(), 0, whole.limit());
    }

    /**
     * Writes {@code prefix} into the reserved bytes and returns the prefix and the value, the
     * writer's own buffer without a copy: valid until the writer is {@link #reset} or written to.
     */
    public ByteBuffer finishWith(byte[] prefix) {
        requireComplete();
        if (prefix.length != prefixLength) {
            throw new IllegalArgumentException("a prefix of " + prefix.length + " bytes where " + prefixLength + " were reserved");
        }
        System.arraycopy(prefix, 0, buffer, 0, prefixLength);
        return ByteBuffer.wrap(buffer, 0, size);
    }

    private void requireComplete() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " containers not ended");
        }
    }

    private void open(byte[] lastKey) {
        if (depth == Bencode.MAX_DEPTH) {
            throw new IllegalStateException("nesting deeper than " + Bencode.MAX_DEPTH + " levels");
        }
        if (depth == lastKeys.length) {
            lastKeys = Arrays.copyOf(lastKeys, Math.min(Bencode.MAX_DEPTH, 2 * depth));
        }
        lastKeys[depth++] = lastKey;
    }

    /** Writes {@code value} in decimal without making a string: this runs for every integer of every answer. */
    private void decimal(long value) {
        if (value < 0) { // not in any message of the protocol, so the slow way will do
            raw(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
            return;
        }
        int length = 1;
        for (long limit = 10; length < 19 && value >= limit; limit *= 10) {
            length++;
        }
        ensure(length);
        for (int i = size + length - 1; i >= size; i--) {
            buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += length;
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void write(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
