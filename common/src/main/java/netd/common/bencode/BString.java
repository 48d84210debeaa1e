package netd.common.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A bencoded byte string; ordered by raw unsigned bytes, as dictionary keys must be. */
public final class BString implements BValue, Comparable<BString> {
    private final byte[] bytes;

    private BString(byte[] bytes) {
        this.bytes = bytes;
    }

    public static BString of(byte[] bytes) {
        return new BString(bytes.clone());
    }

    public static BString of(String utf8) {
        return new BString(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** Wraps without copying; only for arrays nobody else holds. */
    static BString wrap(byte[] bytes) {
        return new BString(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    public String utf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public int compareTo(BString other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BString other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "BString[" + utf8() + "]";
    }
}
