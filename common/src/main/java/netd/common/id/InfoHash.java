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
}
