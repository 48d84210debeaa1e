package netd.common.wire;

import netd.common.ProtocolException;
import netd.common.id.Bytes20;
import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.wire.PeerMessage.BookData;
import netd.common.wire.PeerMessage.Bitfield;
import netd.common.wire.PeerMessage.Choke;
import netd.common.wire.PeerMessage.Handshake;
import netd.common.wire.PeerMessage.Have;
import netd.common.wire.PeerMessage.Interested;
import netd.common.wire.PeerMessage.NotInterested;
import netd.common.wire.PeerMessage.Request;
import netd.common.wire.PeerMessage.Unchoke;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/** The codec of player-to-player messages (PROTOCOL.md §4). Every length is checked before use. */
public final class PeerCodec implements FrameCodec<PeerMessage> {
    public static final PeerCodec INSTANCE = new PeerCodec();

    private static final Choke CHOKE = new Choke();
    private static final Unchoke UNCHOKE = new Unchoke();
    private static final Interested INTERESTED = new Interested();
    private static final NotInterested NOT_INTERESTED = new NotInterested();

    private PeerCodec() {
    }

    /** The largest frame a peer may send for books of {@code bookSize}: id, index, book. */
    public static int maxFrameLength(int bookSize) {
        return Math.max(1 + 2 * Bytes20.LENGTH, 1 + 4 + bookSize);
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
                if (payload.length > Bitfield.MAX_BYTES) {
                    throw new ProtocolException("bitfield of " + payload.length + " bytes is too long");
                }
                yield new Bitfield(payload);
            }
            case PeerMessage.BOOK -> {
                if (payload.length < 4) {
                    throw lengthError(id, payload, "at least 4");
                }
                // A frame cannot carry more; a caller that did not read it from one gets the typed error too.
                if (payload.length - 4 > BookData.MAX_BYTES) {
                    throw new ProtocolException("book of " + (payload.length - 4) + " bytes is too long");
                }
                yield new BookData(index(id, payload, payload.length), Arrays.copyOfRange(payload, 4, payload.length));
            }
            case PeerMessage.HANDSHAKE -> {
                exactLength(id, payload, 2 * Bytes20.LENGTH);
                yield new Handshake(new PlayerId(Bytes20.copyOf(payload, 0)),
                        new InfoHash(Bytes20.copyOf(payload, Bytes20.LENGTH)));
            }
            default -> throw new ProtocolException("unknown message id 0x" + Integer.toHexString(id) + " on a player link");
        };
    }

    @Override
    public void encode(PeerMessage message, DataOutputStream out) throws IOException {
        switch (message) {
            case Choke c -> FrameCodec.writeHeader(out, PeerMessage.CHOKE, 0);
            case Unchoke u -> FrameCodec.writeHeader(out, PeerMessage.UNCHOKE, 0);
            case Interested i -> FrameCodec.writeHeader(out, PeerMessage.INTERESTED, 0);
            case NotInterested n -> FrameCodec.writeHeader(out, PeerMessage.NOT_INTERESTED, 0);
            case Have have -> {
                FrameCodec.writeHeader(out, PeerMessage.HAVE, 4);
                out.writeInt(have.index());
            }
            case Request request -> {
                FrameCodec.writeHeader(out, PeerMessage.REQUEST, 4);
                out.writeInt(request.index());
            }
            case Bitfield bitfield -> {
                byte[] bits = bitfield.bits();
                FrameCodec.writeHeader(out, PeerMessage.BITFIELD, bits.length);
                out.write(bits);
            }
            case BookData book -> {
                FrameCodec.writeHeader(out, PeerMessage.BOOK, 4 + book.data().length);
                out.writeInt(book.index());
                out.write(book.data());
            }
            case Handshake handshake -> {
                FrameCodec.writeHeader(out, PeerMessage.HANDSHAKE, 2 * Bytes20.LENGTH);
                out.write(handshake.playerId().toByteArray());
                out.write(handshake.infoHash().toByteArray());
            }
        }
    }

    private static PeerMessage empty(int id, byte[] payload, PeerMessage message) throws ProtocolException {
        exactLength(id, payload, 0);
        return message;
    }

    /** Reads the 4-byte unsigned index at the start of {@code payload}, which must be {@code expected} long. */
    private static int index(int id, byte[] payload, int expected) throws ProtocolException {
        exactLength(id, payload, expected);
        long index = ((payload[0] & 0xffL) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
        if (index > Integer.MAX_VALUE) {
            throw new ProtocolException("book index " + index + " is beyond any library");
        }
        return (int) index;
    }

    private static void exactLength(int id, byte[] payload, int expected) throws ProtocolException {
        if (payload.length != expected) {
            throw lengthError(id, payload, String.valueOf(expected));
        }
    }

    private static ProtocolException lengthError(int id, byte[] payload, String expected) {
        return new ProtocolException("message 0x" + Integer.toHexString(id) + " has a payload of " + payload.length
                + " bytes, expected " + expected);
    }
}
