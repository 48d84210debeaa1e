package netd.hub;

/** A shared store cannot be reached; the message is one sentence a player may be shown. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message) {
        super(message);
    }
}
