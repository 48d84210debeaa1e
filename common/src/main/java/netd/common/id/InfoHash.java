package netd.common.id;

/** The SHA-1 of a library's bencoded {@code info} dictionary: the name of a stuff everywhere. */
public record InfoHash(Bytes20 value) {
    public static InfoHash of(byte[] bytes) {
        return new InfoHash(Bytes20.copyOf(bytes));
    }

    public byte[] toByteArray() {
        return value.toByteArray();
    }

    @Override
    public String toString() {
        return value.hex();
    }

    /** Written out rather than generated: a map key on the hub's announce path (see {@link Bytes20#hashCode}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof InfoHash other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
