package netd.player.core;

/**
 * What the {@link PlayerCore} may ask of its caller's links, and nothing else: whether one is
 * still open and how far behind its writer is, and how many connection slots are free.
 * Read only; every change the core wants comes back as a {@link CoreAction}.
 */
public interface LinkGauge<L> {
    boolean isOpen(L link);

    /** Messages queued on the link and not yet written. */
    int queued(L link);

    /** Bytes of books queued on the link and not yet written to its socket. */
    long unwrittenBookBytes(L link);

    /** Connection slots free for a dial now. */
    int freeSlots();
}
