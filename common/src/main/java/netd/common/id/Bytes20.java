package netd.common.id;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** An immutable 20-byte value (a SHA-1 digest or a player id) with value equality. */
public final class Bytes20 {
    public static final int LENGTH = 20;

    private final byte[] bytes;
    /**
     * Computed once: ids and info hashes are map keys on the hub's announce path, looked up
     * several times per announce (JFR showed the lookups' hashing and equality among its
     * costliest frames).
     */
    private final int hash;

    private Bytes20(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Copies {@code bytes}, which must be exactly 20 long. */
    public static Bytes20 copyOf(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("expected 20 bytes, got " + bytes.length);
        }
        return new Bytes20(bytes.clone());
    }

    /** Copies the 20 bytes at {@code offset}, which must all lie inside {@code source}. */
    public static Bytes20 copyOf(byte[] source, int offset) {
        // Arrays.copyOfRange alone would pad a short source with zeros.
        Objects.checkFromIndexSize(offset, LENGTH, source.length);
        return new Bytes20(Arrays.copyOfRange(source, offset, offset + LENGTH));
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, LENGTH);
    }

    public boolean contentEquals(byte[] other) {
        return Arrays.equals(bytes, other);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Bytes20 other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return hex();
    }
}
