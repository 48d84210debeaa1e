package netd.common.wire;

/**
 * One frame (PROTOCOL.md §3): a message id and its payload, or a keep-alive (length 0,
 * no id), represented by {@link #KEEP_ALIVE}. The payload is in {@code payload}, or, for a
 * frame read into a pool's buffer ({@link FrameCodec#payloadPool}), in {@code pooledPayload}'s
 * buffer from position 0 to its limit, {@code payload} being then empty.
 */
public record Frame(int id, byte[] payload, BufferPool.Lease pooledPayload) {
    public static final Frame KEEP_ALIVE = new Frame(-1, new byte[0]);
    /** The length field is two bytes: id and payload together never exceed this. */
    public static final int MAX_LENGTH = 0xFFFF;
    private static final byte[] EMPTY = new byte[0];

    /** A frame whose payload is in an array. */
    public Frame(int id, byte[] payload) {
        this(id, payload, null);
    }

    /** A frame whose payload is in a leased buffer. */
    public Frame(int id, BufferPool.Lease pooledPayload) {
        this(id, EMPTY, pooledPayload);
    }

    public boolean isKeepAlive() {
        return this == KEEP_ALIVE;
    }
}
