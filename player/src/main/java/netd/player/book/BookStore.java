package netd.player.book;

import netd.common.wire.PeerMessage.BookData;

import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * What the connection manager asks of where the books are kept: the {@link Book} file, or
 * the simulator's memory. Written books come back through a {@link BookListener}.
 */
public interface BookStore {
    /** The books held when opened, verified. */
    BitSet initiallyHeld();

    /** A read-only view of held book {@code index}, for sending. */
    ByteBuffer view(int index);

    /** Keeps {@code book}, which the caller has verified, then reports it written and releases it. */
    void write(BookData book);
}
