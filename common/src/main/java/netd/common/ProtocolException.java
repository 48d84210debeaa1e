package netd.common;

/**
 * Bytes from the outside (a frame, a bencoded value, a library file) that break the contract
 * of PROTOCOL.md. The message says what is wrong and, where known, at which byte.
 */
public class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
