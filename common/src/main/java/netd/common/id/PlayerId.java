package netd.common.id;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A player's 20-byte id (PROTOCOL.md §6). Ids received from other players are kept as raw
 * bytes whatever they hold; {@link #isWellFormed()} tells whether one follows §6, which is
 * required of our own ids because an id also names the player's directory.
 */
public record PlayerId(Bytes20 value) {
    /** netd's client code and version in the id prefix. */
    public static final String CLIENT_PREFIX = "-ND0100-";
    /** Ids of the original implementation start so; its players need gentler pipelining. */
    public static final String ORIGINAL_CLIENT_CODE = "-RO";

    private static final Pattern WELL_FORMED = Pattern.compile("-[A-Za-z]{2}[0-9]{4}-[0-9a-f]{12}");

    public static PlayerId of(byte[] bytes) {
        return new PlayerId(Bytes20.copyOf(bytes));
    }

    /** A fresh netd id: the client prefix and twelve random lowercase hex digits. */
    public static PlayerId generate(RandomGenerator random) {
        byte[] randomPart = new byte[6];
        random.nextBytes(randomPart);
        String text = CLIENT_PREFIX + HexFormat.of().formatHex(randomPart);
        return of(text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Parses an id typed by a user or read from a directory name.
     *
     * @throws IllegalArgumentException with a readable sentence when it does not follow §6
     */
    public static PlayerId parse(String text) {
        if (!WELL_FORMED.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a player id: expected '-', two letters, "
                    + "four digits, '-' and twelve lowercase hex digits, like -RO0101-7ec7150dddf3");
        }
        return of(text.getBytes(StandardCharsets.US_ASCII));
    }

    public boolean isWellFormed() {
        return WELL_FORMED.matcher(text()).matches();
    }

    public boolean isOriginalClient() {
        return text().startsWith(ORIGINAL_CLIENT_CODE);
    }

    public byte[] toByteArray() {
        return value.toByteArray();
    }

    /** The id as text; bytes outside printable ASCII are shown as '?', so logs stay readable. */
    public String text() {
        byte[] bytes = value.toByteArray();
        StringBuilder out = new StringBuilder(Bytes20.LENGTH);
        for (byte b : bytes) {
            out.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text();
    }

    /** Written out rather than generated: a map key on the hub's announce path (see {@link Bytes20#hashCode}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof PlayerId other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
