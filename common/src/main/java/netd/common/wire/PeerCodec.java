package netd.common.wire;

import netd.common.ProtocolException;
import netd.common.id.Bytes20;
import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.wire.PeerMessage.BookData;
import netd.common.wire.PeerMessage.Bitfield;
import netd.common.wire.PeerMessage.Choke;
import netd.common.wire.PeerMessage.Handshake;
import netd.common.wire.PeerMessage.Have;
import netd.common.wire.PeerMessage.Interested;
import netd.common.wire.PeerMessage.NotInterested;
import netd.common.wire.PeerMessage.Request;
import netd.common.wire.PeerMessage.Unchoke;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The codec of player-to-player messages (PROTOCOL.md §4). Every length is checked before use.
 * On a netd library the frames after the handshake have 4-byte lengths (PROTOCOL-EXTENSIONS.md
 * §4): a codec of {@link LengthField#LONG} writes every message but the handshake so, and
 * accepts bitfields and books of a netd library's sizes.
 */
public final class PeerCodec implements FrameCodec<PeerMessage> {
    /** The codec that reads books into arrays, with 2-byte lengths. */
    public static final PeerCodec INSTANCE = new PeerCodec(null, LengthField.SHORT);
    /** The codec that reads books into arrays, with the 4-byte lengths of a netd library. */
    public static final PeerCodec LONG_FRAMES = new PeerCodec(null, LengthField.LONG);

    private static final Choke CHOKE = new Choke();
    private static final Unchoke UNCHOKE = new Unchoke();
    private static final Interested INTERESTED = new Interested();
    private static final NotInterested NOT_INTERESTED = new NotInterested();
    /** What {@link #writeFrame} is given for a message without an index or without a body. */
    private static final int NO_INDEX = -1;
    private static final byte[] NO_BODY = new byte[0];

    /** Where books are read, outside the heap; null: into arrays. */
    private final BufferPool bookBuffers;
    /** The length field of every frame but the handshake's, which is always 2 bytes. */
    private final LengthField lengths;

    private PeerCodec(BufferPool bookBuffers, LengthField lengths) {
        this.bookBuffers = bookBuffers;
        this.lengths = lengths;
    }

    /**
     * The codec that reads books into buffers of {@code bookBuffers}, which must hold a book
     * frame's payload: {@link #maxFrameLength} - 1 bytes. Whoever consumes a decoded book
     * releases it ({@link BookData#release}).
     */
    public static PeerCodec pooling(BufferPool bookBuffers) {
        return pooling(bookBuffers, LengthField.SHORT);
    }

    /** {@link #pooling(BufferPool)}, writing frames after the handshake with {@code lengths}. */
    public static PeerCodec pooling(BufferPool bookBuffers, LengthField lengths) {
        return new PeerCodec(bookBuffers, lengths);
    }

    /** The length field of the frames after the handshake between players of {@code library}: 4 bytes on a netd library. */
    public static LengthField lengthsAfterHandshake(Library library) {
        return library.netd() ? LengthField.LONG : LengthField.SHORT;
    }

    @Override
    public LengthField lengthField() {
        return lengths;
    }

    /** The largest frame a peer may send for books of {@code bookSize}: id, index, book. */
    public static int maxFrameLength(int bookSize) {
        return Math.max(1 + 2 * Bytes20.LENGTH, 1 + 4 + bookSize);
    }

    /** The largest frame a peer may send on a netd library of {@code bookCount} books of {@code bookSize}: a book, or the bitfield. */
    public static int maxFrameLength(int bookSize, int bookCount) {
        return Math.max(maxFrameLength(bookSize), 1 + Bitfield.byteCount(bookCount));
    }

    @Override
    public PeerMessage decode(int id, byte[] payload) throws ProtocolException {
        return switch (id) {
            case PeerMessage.CHOKE -> empty(id, payload, CHOKE);
            case PeerMessage.UNCHOKE -> empty(id, payload, UNCHOKE);
            case PeerMessage.INTERESTED -> empty(id, payload, INTERESTED);
            case PeerMessage.NOT_INTERESTED -> empty(id, payload, NOT_INTERESTED);
            case PeerMessage.HAVE -> new Have(index(id, payload, 4));
            case PeerMessage.REQUEST -> new Request(index(id, payload, 4));
            case PeerMessage.BITFIELD -> {
                if (payload.length > (lengths == LengthField.SHORT ? Bitfield.MAX_BYTES : Bitfield.MAX_NETD_BYTES)) {
                    throw new ProtocolException("bitfield of " + payload.length + " bytes is too long");
                }
                yield new Bitfield(payload);
            }
            // The book stays in the array the frame was read into.
            case PeerMessage.BOOK -> book(ByteBuffer.wrap(payload), null);
            case PeerMessage.HANDSHAKE -> {
                exactLength(id, payload, 2 * Bytes20.LENGTH);
                yield new Handshake(new PlayerId(Bytes20.copyOf(payload, 0)),
                        new InfoHash(Bytes20.copyOf(payload, Bytes20.LENGTH)));
            }
            default -> throw new ProtocolException("unknown message id 0x" + Integer.toHexString(id) + " on a player link");
        };
    }

    @Override
    public BufferPool payloadPool(int id) {
        return id == PeerMessage.BOOK ? bookBuffers : null;
    }

    @Override
    public PeerMessage decode(int id, BufferPool.Lease payload) throws ProtocolException {
        if (id != PeerMessage.BOOK) {
            throw new IllegalArgumentException("message 0x" + Integer.toHexString(id) + " is never pooled");
        }
        return book(payload.buffer(), payload);
    }

    /** A book message from a payload of index and book, as a view past the index: the book is not copied. */
    private BookData book(ByteBuffer payload, BufferPool.Lease lease) throws ProtocolException {
        int length = payload.remaining();
        if (length < 4) {
            throw lengthError(PeerMessage.BOOK, length, "at least 4");
        }
        // A frame cannot carry more; a caller that did not read it from one gets the typed error too.
        if (length - 4 > (lengths == LengthField.SHORT ? BookData.MAX_BYTES : BookData.MAX_NETD_BYTES)) {
            throw new ProtocolException("book of " + (length - 4) + " bytes is too long");
        }
        long index = payload.getInt(payload.position()) & 0xffffffffL;
        return new BookData(checkedIndex(index), payload.slice(payload.position() + 4, length - 4), lease);
    }

    /**
     * Every message is an id, an optional book index and an optional body, written in one
     * place: the JIT then compiles one short sequence of writes rather than one per message
     * type, each inlining the stream's write path (the earlier shape cost the seeder a quarter
     * of a second of compiling, twice).
     */
    @Override
    public void encode(PeerMessage message, DataOutputStream out) throws IOException {
        switch (message) {
            case Choke c -> writeFrame(out, PeerMessage.CHOKE, NO_INDEX, NO_BODY, lengths);
            case Unchoke u -> writeFrame(out, PeerMessage.UNCHOKE, NO_INDEX, NO_BODY, lengths);
            case Interested i -> writeFrame(out, PeerMessage.INTERESTED, NO_INDEX, NO_BODY, lengths);
            case NotInterested n -> writeFrame(out, PeerMessage.NOT_INTERESTED, NO_INDEX, NO_BODY, lengths);
            case Have have -> writeFrame(out, PeerMessage.HAVE, have.index(), NO_BODY, lengths);
            case Request request -> writeFrame(out, PeerMessage.REQUEST, request.index(), NO_BODY, lengths);
            case Bitfield bitfield -> writeFrame(out, PeerMessage.BITFIELD, NO_INDEX, bitfield.bits(), lengths);
            case BookData book -> {
                writeHead(out, PeerMessage.BOOK, book.index(), book.length(), lengths);
                writeBody(out, book.data());
            }
            // The handshake names the library, so both ends read it before they know its frames: always 2 bytes.
            case Handshake handshake -> writeFrame(out, PeerMessage.HANDSHAKE, NO_INDEX,
                    concat(handshake.playerId().toByteArray(), handshake.infoHash().toByteArray()), LengthField.SHORT);
        }
    }

    /**
     * The bytes of book {@code index}'s message that come before the book itself, for a sender
     * that writes the book from a buffer of its own (a link's {@code sendFrame}).
     */
    public static byte[] bookHead(int index, int bookLength) {
        return bookHead(index, bookLength, LengthField.SHORT);
    }

    /** {@link #bookHead(int, int)} with a length field of {@code lengths}. */
    public static byte[] bookHead(int index, int bookLength, LengthField lengths) {
        int max = lengths == LengthField.SHORT ? BookData.MAX_BYTES : BookData.MAX_NETD_BYTES;
        if (index < 0 || bookLength < 0 || bookLength > max) {
            throw new IllegalArgumentException("book " + index + " of " + bookLength + " bytes");
        }
        ByteArrayOutputStream head = new ByteArrayOutputStream(9);
        try (DataOutputStream out = new DataOutputStream(head)) {
            writeHead(out, PeerMessage.BOOK, index, bookLength, lengths);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return head.toByteArray();
    }

    /** One frame: the head, then the body. */
    private static void writeFrame(DataOutputStream out, int id, int index, byte[] body, LengthField lengths)
            throws IOException {
        writeHead(out, id, index, body.length, lengths);
        if (body.length > 0) {
            out.write(body);
        }
    }

    /** {@code body}'s remaining bytes, leaving its position where it is. */
    private static void writeBody(DataOutputStream out, ByteBuffer body) throws IOException {
        if (body.hasArray()) {
            out.write(body.array(), body.arrayOffset() + body.position(), body.remaining());
        } else {
            byte[] bytes = new byte[body.remaining()];
            body.get(body.position(), bytes);
            out.write(bytes);
        }
    }

    /** A frame's header, then its 4-byte index unless it is {@link #NO_INDEX}. */
    private static void writeHead(DataOutputStream out, int id, int index, int bodyLength, LengthField lengths)
            throws IOException {
        boolean indexed = index != NO_INDEX;
        FrameCodec.writeHeader(out, id, (indexed ? 4 : 0) + bodyLength, lengths);
        if (indexed) {
            out.writeInt(index);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static PeerMessage empty(int id, byte[] payload, PeerMessage message) throws ProtocolException {
        exactLength(id, payload, 0);
        return message;
    }

    /** Reads the 4-byte unsigned index at the start of {@code payload}, which must be {@code expected} long. */
    private static int index(int id, byte[] payload, int expected) throws ProtocolException {
        exactLength(id, payload, expected);
        return checkedIndex(((payload[0] & 0xffL) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff));
    }

    /** A 4-byte unsigned index as an int: only an index no library can reach is refused. */
    private static int checkedIndex(long index) throws ProtocolException {
        if (index > Integer.MAX_VALUE) {
            throw new ProtocolException("book index " + index + " is beyond any library");
        }
        return (int) index;
    }

    private static void exactLength(int id, byte[] payload, int expected) throws ProtocolException {
        if (payload.length != expected) {
            throw lengthError(id, payload.length, String.valueOf(expected));
        }
    }

    private static ProtocolException lengthError(int id, int payloadLength, String expected) {
        return new ProtocolException("message 0x" + Integer.toHexString(id) + " has a payload of " + payloadLength
                + " bytes, expected " + expected);
    }
}
