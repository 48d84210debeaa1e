package netd.common.wire;

import netd.common.ProtocolException;
import netd.common.bencode.BDictionary;
import netd.common.bencode.BList;
import netd.common.bencode.BString;
import netd.common.bencode.BValue;
import netd.common.bencode.Bencode;
import netd.common.bencode.BencodeWriter;
import netd.common.bencode.BencodeWriter.Key;
import netd.common.id.Bytes20;
import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.InvalidAddress;
import netd.common.wire.HubMessage.Notify;
import netd.common.wire.HubMessage.PlayerEntry;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The codec of player-to-hub messages (PROTOCOL.md §5): bencoded dictionaries in frames. */
public final class HubCodec implements FrameCodec<HubMessage> {
    public static final HubCodec INSTANCE = new HubCodec();

    /** A frame's length field and id. */
    private static final int FRAME_HEADER = 3;
    private static final Key COMPLETE = Key.of("complete");
    private static final Key FAILURE_REASON = Key.of("failure reason");
    private static final Key INCOMPLETE = Key.of("incomplete");
    private static final Key INTERVAL = Key.of("interval");
    private static final Key MIN_INTERVAL = Key.of("min interval");
    private static final Key PLAYERS = Key.of("players");
    private static final Key WARNING_MESSAGE = Key.of("warning message");
    private static final Key IP = Key.of("ip");
    private static final Key PLAYER_ID = Key.of("player id");
    private static final Key PORT = Key.of("port");
    /** An entry's bytes but its IP's: {@code d8:completei1e2:ip} {@code :} {@code 9:player id20:} (20) {@code 4:porti65535ee}, and room for the IP's length. */
    private static final int ENTRY_FIXED_SIZE = 80;

    private HubCodec() {
    }

    @Override
    public HubMessage decode(int id, byte[] payload) throws ProtocolException {
        return switch (id) {
            case HubMessage.NOTIFY -> {
                Notify canonical = CanonicalNotify.read(payload);
                yield canonical != null ? canonical : generalNotify(payload);
            }
            case HubMessage.ANSWER -> decodeAnswer(Bencode.decodeDictionary(payload));
            case HubMessage.INVALID_ADDRESS -> decodeInvalidAddress(Bencode.decodeDictionary(payload));
            default -> throw new ProtocolException("unknown message id 0x" + Integer.toHexString(id) + " on a hub link");
        };
    }

    @Override
    public void encode(HubMessage message, DataOutputStream out) throws IOException {
        int id = switch (message) {
            case Notify n -> HubMessage.NOTIFY;
            case Answer a -> HubMessage.ANSWER;
            case InvalidAddress i -> HubMessage.INVALID_ADDRESS;
        };
        if (message instanceof Answer answer) {
            BencodeWriter payload = answerPayload(answer);
            // The header fills the bytes the writer reserved: the whole frame leaves in one
            // write, which a link with a small buffer (the hub's) hands to the socket in one piece.
            payload.writeTo(out, FrameCodec.header(id, payload.size()));
        } else {
            byte[] payload = Bencode.encode(dictionary(message));
            FrameCodec.writeHeader(out, id, payload.length);
            out.write(payload);
        }
    }

    /** The bencoded dictionary a message carries. */
    public static BDictionary dictionary(HubMessage message) {
        return switch (message) {
            case Notify n -> BDictionary.builder()
                    .put("info_hash", n.infoHash().toByteArray())
                    .put("player_id", n.playerId().toByteArray())
                    .put("port", n.port())
                    .put("downloaded", n.downloaded())
                    .put("uploaded", n.uploaded())
                    .put("left", n.left())
                    .put("event", n.event().wire())
                    .build();
            case Answer a -> {
                try {
                    yield Bencode.decodeDictionary(answerPayload(a).toByteArray());
                } catch (ProtocolException e) {
                    throw new IllegalStateException("the answer writer wrote bencode it cannot read back", e);
                }
            }
            case InvalidAddress i -> BDictionary.builder()
                    .put("list_player", new BList(i.players().stream().map(p -> (BValue) BString.of(p.toString())).toList()))
                    .build();
        };
    }

    /**
     * One player entry of an answer, bencoded: the hub encodes each player once, when it
     * announces, and every answer that lists it copies these bytes ({@link #answerFrame}).
     */
    public static byte[] entryBytes(PlayerEntry entry) {
        // Sized from the address: every new registration makes one, and a writer that grows
        // allocated three times what it kept.
        return new BencodeWriter(ENTRY_FIXED_SIZE + 3 * entry.ip().length()).dictionary()
                .key(COMPLETE).integer(entry.complete() ? 1 : 0)
                .key(IP).string(entry.ip())
                .key(PLAYER_ID).string(entry.playerId().value())
                .key(PORT).integer(entry.port())
                .end().toByteArray();
    }

    /** A writer for {@link #answerFrame}: one per thread that sends answers, used again for each. */
    public static BencodeWriter answerWriter() {
        return new BencodeWriter(4096, FRAME_HEADER);
    }

    /**
     * The whole frame of an answer, length field included, listing players already encoded
     * by {@link #entryBytes} in place of {@code answer}'s own list (which must be empty). It is
     * written into {@code writer} (from {@link #answerWriter}), whose buffer the frame is: valid
     * until the writer's next use, so that an answer a second costs no new array.
     */
    public static ByteBuffer answerFrame(Answer answer, List<byte[]> encodedPlayers, BencodeWriter writer) {
        if (!answer.players().isEmpty()) {
            throw new IllegalArgumentException("the players come encoded, not in the answer");
        }
        BencodeWriter payload = answerPayload(answer, encodedPlayers, writer.reset());
        return payload.finishWith(FrameCodec.header(HubMessage.ANSWER, payload.size()));
    }

    /** An answer's dictionary, its players encoded here; see {@link #answerPayload(Answer, List, BencodeWriter)}. */
    private static BencodeWriter answerPayload(Answer a) {
        List<byte[]> players = new ArrayList<>(a.players().size());
        for (PlayerEntry entry : a.players()) {
            players.add(entryBytes(entry));
        }
        return answerPayload(a, players, new BencodeWriter(expectedSize(a, players), FRAME_HEADER));
    }

    /** An answer's size, near enough that its writer need not grow. */
    private static int expectedSize(Answer a, List<byte[]> encodedPlayers) {
        int size = 128 + length(a.failureReason()) + length(a.warningMessage());
        for (byte[] player : encodedPlayers) {
            size += player.length;
        }
        return size;
    }

    private static int length(String text) {
        return text == null ? 0 : 3 * text.length(); // UTF-8 takes 3 bytes a char at most
    }

    /**
     * An answer's dictionary, written straight to bytes into {@code answer}: a hub sends
     * thousands a second, and a tree of values per player would cost more than the sending.
     * Keys in sorted order.
     */
    private static BencodeWriter answerPayload(Answer a, List<byte[]> encodedPlayers, BencodeWriter answer) {
        answer.dictionary()
                .key(COMPLETE).integer(a.complete());
        if (a.failureReason() != null) {
            answer.key(FAILURE_REASON).string(a.failureReason());
        }
        answer.key(INCOMPLETE).integer(a.incomplete())
                .key(INTERVAL).integer(a.interval())
                .key(MIN_INTERVAL).integer(a.minInterval())
                .key(PLAYERS).list();
        for (byte[] player : encodedPlayers) {
            answer.encoded(player);
        }
        answer.end();
        if (a.warningMessage() != null) {
            answer.key(WARNING_MESSAGE).string(a.warningMessage());
        }
        return answer.end();
    }

    /** A notify in any form bencode allows, through a tree of values: what {@link CanonicalNotify} leaves. */
    static Notify generalNotify(byte[] payload) throws ProtocolException {
        return decodeNotify(Bencode.decodeDictionary(payload));
    }

    private static Notify decodeNotify(BDictionary d) throws ProtocolException {
        InfoHash infoHash = new InfoHash(bytes20(d, "info_hash"));
        PlayerId playerId = new PlayerId(bytes20(d, "player_id"));
        long port = d.integer("port");
        if (port < 1 || port > 65535) {
            throw new ProtocolException("port " + port + " is outside 1-65535");
        }
        String eventText = d.string("event");
        Event event = Event.fromWire(eventText);
        if (event == null) {
            throw new ProtocolException("unknown event '" + eventText + "'");
        }
        return new Notify(infoHash, playerId, (int) port, d.integer("downloaded"), d.integer("uploaded"),
                d.integer("left"), event);
    }

    /**
     * The original player reads the five keys unconditionally, so they are required, except
     * beside a {@code failure reason}, where a hub of another kind may leave them out.
     */
    private static Answer decodeAnswer(BDictionary d) throws ProtocolException {
        String failure = d.optionalString("failure reason");
        String warning = d.optionalString("warning message");
        if (failure != null) {
            return new Answer(failure, warning, orZero(d, "interval"), orZero(d, "min interval"),
                    orZero(d, "complete"), orZero(d, "incomplete"), List.of(), 0);
        }
        List<PlayerEntry> players = new ArrayList<>();
        int unreadable = 0;
        for (BValue item : d.list("players").items()) {
            PlayerEntry entry = item instanceof BDictionary dictionary ? entryOrNull(dictionary) : null;
            if (entry == null) {
                unreadable++;
            } else {
                players.add(entry);
            }
        }
        return new Answer(null, warning, d.integer("interval"), d.integer("min interval"), d.integer("complete"),
                d.integer("incomplete"), players, unreadable);
    }

    private static PlayerEntry entryOrNull(BDictionary d) {
        try {
            return new PlayerEntry(new PlayerId(bytes20(d, "player id")), d.string("ip"), d.integer("port"),
                    d.has("complete") && d.integer("complete") != 0);
        } catch (ProtocolException e) {
            return null;
        }
    }

    private static InvalidAddress decodeInvalidAddress(BDictionary d) throws ProtocolException {
        List<HostPort> players = new ArrayList<>();
        for (BValue item : d.list("list_player").items()) {
            if (!(item instanceof BString text)) {
                throw new ProtocolException("list_player holds something other than strings");
            }
            try {
                players.add(HostPort.parse(text.utf8()));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("list_player: " + e.getMessage());
            }
        }
        return new InvalidAddress(players);
    }

    private static long orZero(BDictionary d, String key) throws ProtocolException {
        Long value = d.optionalInteger(key);
        return value == null ? 0 : value;
    }

    private static Bytes20 bytes20(BDictionary d, String key) throws ProtocolException {
        byte[] bytes = d.bytes(key);
        if (bytes.length != Bytes20.LENGTH) {
            throw new ProtocolException("'" + key + "' is " + bytes.length + " bytes, expected 20");
        }
        return Bytes20.copyOf(bytes);
    }
}
