package netd.common.wire;

/**
 * One frame (PROTOCOL.md §3): a message id and its payload, or a keep-alive (length 0,
 * no id), represented by {@link #KEEP_ALIVE}.
 */
public record Frame(int id, byte[] payload) {
    public static final Frame KEEP_ALIVE = new Frame(-1, new byte[0]);
    /** The length field is two bytes: id and payload together never exceed this. */
    public static final int MAX_LENGTH = 0xFFFF;

    public boolean isKeepAlive() {
        return this == KEEP_ALIVE;
    }
}
