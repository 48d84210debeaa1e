package netd.hub;

/**
 * Where a shared store records how long each of its round trips took, so that /metrics shows
 * them; the in-memory store makes none.
 */
public interface StoreRoundTrips {
    /** One round trip of {@code operation} (a short fixed name, such as "register") took {@code nanos}. */
    void record(String operation, long nanos);
}
