package netd.common.wire;

import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.library.LibraryLimits;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The player-to-player messages of PROTOCOL.md §4, one immutable type each. Keep-alives are
 * not messages: links send and absorb them. Book indexes are non-negative ints (§7 bounds
 * them far below 2^31); the decoder rejects larger unsigned values.
 */
public sealed interface PeerMessage {
    int CHOKE = 0x00;
    int UNCHOKE = 0x01;
    int INTERESTED = 0x02;
    int NOT_INTERESTED = 0x03;
    int HAVE = 0x04;
    int BITFIELD = 0x05;
    int REQUEST = 0x06;
    int BOOK = 0x07;
    int HANDSHAKE = 0x08;

    record Choke() implements PeerMessage {
    }

    record Unchoke() implements PeerMessage {
    }

    record Interested() implements PeerMessage {
    }

    record NotInterested() implements PeerMessage {
    }

    record Have(int index) implements PeerMessage {
        public Have {
            requireIndex(index);
        }
    }

    record Request(int index) implements PeerMessage {
        public Request {
            requireIndex(index);
        }
    }

    /** The books a player holds; bit 7 of byte 0 is book 0. */
    record Bitfield(byte[] bits) implements PeerMessage {
        /** The bytes of a bitfield frame after the id, with a 2-byte length field. */
        public static final int MAX_BYTES = 65534;
        /** The bytes of a netd library's bitfield (PROTOCOL-EXTENSIONS.md): one bit per book of the most a netd library has. */
        public static final int MAX_NETD_BYTES = LibraryLimits.MAX_NETD_BOOKS / 8;

        public Bitfield {
            if (bits.length > MAX_NETD_BYTES) {
                throw new IllegalArgumentException("a bitfield holds at most " + MAX_NETD_BYTES + " bytes");
            }
            bits = bits.clone();
        }

        public static Bitfield of(BitSet books, int bookCount) {
            byte[] bits = new byte[byteCount(bookCount)];
            for (int i = books.nextSetBit(0); i >= 0 && i < bookCount; i = books.nextSetBit(i + 1)) {
                bits[i >>> 3] |= (byte) (0x80 >>> (i & 7));
            }
            return new Bitfield(bits);
        }

        public static int byteCount(int bookCount) {
            return (bookCount + 7) / 8;
        }

        @Override
        public byte[] bits() {
            return bits.clone();
        }

        /**
         * The books as a set, checked against {@code bookCount}: the length must be exact
         * and the spare bits at the end zero.
         *
         * @throws IllegalArgumentException saying what is wrong
         */
        public BitSet toBooks(int bookCount) {
            if (bits.length != byteCount(bookCount)) {
                throw new IllegalArgumentException("bitfield of " + bits.length + " bytes for " + bookCount
                        + " books (expected " + byteCount(bookCount) + ")");
            }
            BitSet books = new BitSet(bookCount);
            for (int i = 0; i < bits.length * 8; i++) {
                if ((bits[i >>> 3] & (0x80 >>> (i & 7))) != 0) {
                    if (i >= bookCount) {
                        throw new IllegalArgumentException("bitfield has spare bit " + i + " set beyond " + bookCount + " books");
                    }
                    books.set(i);
                }
            }
            return books;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bitfield other && Arrays.equals(bits, other.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }

        @Override
        public String toString() {
            return "Bitfield[" + bits.length + " bytes]";
        }
    }

    /**
     * A whole book: {@code data}'s bytes from its position to its limit. They are not copied:
     * a decoded book is a view of the frame it came in, handed from the link's reader to one
     * consumer, and nobody writes them after. Readers take a {@link ByteBuffer#duplicate} or
     * use absolute gets, so the view itself never moves.
     *
     * <p>A book read into a pool's buffer holds that buffer's lease: its last consumer
     * {@link #release}s it once done with the bytes, and nobody reads them after. A book in an
     * array holds none, and releasing it does nothing.
     */
    record BookData(int index, ByteBuffer data, BufferPool.Lease lease) implements PeerMessage {
        /** The bytes of a book frame after the id and index, with a 2-byte length field. */
        public static final int MAX_BYTES = 65535 - 5;
        /** The largest book of a netd library (PROTOCOL-EXTENSIONS.md): 16 MiB. */
        public static final int MAX_NETD_BYTES = LibraryLimits.NETD_MAX_BOOK_SIZE;

        public BookData {
            requireIndex(index);
            if (data.remaining() > MAX_NETD_BYTES) {
                throw new IllegalArgumentException("a book message holds at most " + MAX_NETD_BYTES + " bytes");
            }
            data = data.slice();
        }

        /** A book whose bytes are not pooled. */
        public BookData(int index, ByteBuffer data) {
            this(index, data, null);
        }

        public BookData(int index, byte[] data) {
            this(index, ByteBuffer.wrap(data));
        }

        /** The book's length in bytes. */
        public int length() {
            return data.remaining();
        }

        /** Gives the pooled buffer the book is in back to its pool, if it is in one: the book's bytes are not read after. */
        public void release() {
            if (lease != null) {
                lease.release();
            }
        }

        /** Books are equal by index and bytes, wherever the bytes are. */
        @Override
        public boolean equals(Object o) {
            return o instanceof BookData other && index == other.index && data.equals(other.data);
        }

        @Override
        public int hashCode() {
            return 31 * index + data.hashCode();
        }

        @Override
        public String toString() {
            return "BookData[" + index + ", " + length() + " bytes]";
        }
    }

    /** Sent first by the downloading side: who it is (first, as the original's code does) and which stuff. */
    record Handshake(PlayerId playerId, InfoHash infoHash) implements PeerMessage {
    }

    private static void requireIndex(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("negative book index " + index);
        }
    }
}
