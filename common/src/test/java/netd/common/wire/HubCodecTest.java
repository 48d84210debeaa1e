package netd.common.wire;

import netd.common.ProtocolException;
import netd.common.bencode.BDictionary;
import netd.common.bencode.BInteger;
import netd.common.bencode.BList;
import netd.common.bencode.BValue;
import netd.common.bencode.Bencode;
import netd.common.bencode.BencodeWriter;
import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.InvalidAddress;
import netd.common.wire.HubMessage.Notify;
import netd.common.wire.HubMessage.PlayerEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HubCodecTest {
    private static final HubCodec CODEC = HubCodec.INSTANCE;
    private static final String PLAYER_TEXT = "-ND0100-0123456789ab";
    private static final String OTHER_TEXT = "-RO0101-7ec7150dddf3";
    private static final PlayerId PLAYER = PlayerId.of(PLAYER_TEXT.getBytes(StandardCharsets.US_ASCII));
    private static final PlayerId OTHER = PlayerId.of(OTHER_TEXT.getBytes(StandardCharsets.US_ASCII));
    private static final String HASH_TEXT = "aaaaaaaaaaaaaaaaaaaa";
    private static final InfoHash INFO_HASH = InfoHash.of(HASH_TEXT.getBytes(StandardCharsets.US_ASCII));

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static HubMessage roundTrip(HubMessage message) throws IOException, ProtocolException {
        return Frames.decode(CODEC, Frames.encode(CODEC, message));
    }

    private static String problem(int id, String payload) {
        return assertThrows(ProtocolException.class, () -> CODEC.decode(id, bytes(payload))).getMessage();
    }

    private static final Notify NOTIFY = new Notify(INFO_HASH, PLAYER, 6881, 1, 2, 3, Event.START);
    private static final String NOTIFY_GOLDEN = "d10:downloadedi1e5:event5:start9:info_hash20:" + HASH_TEXT
            + "4:lefti3e9:player_id20:" + PLAYER_TEXT + "4:porti6881e8:uploadedi2ee";

    @Test
    void aNotifyIsASortedDictionaryInFrame0x10() {
        byte[] frame = Frames.encode(CODEC, NOTIFY);
        assertEquals(0x10, frame[2]);
        assertEquals(frame.length - 2, ((frame[0] & 0xff) << 8) | (frame[1] & 0xff));
        assertEquals(NOTIFY_GOLDEN, text(Arrays.copyOfRange(frame, 3, frame.length)));
    }

    @ParameterizedTest
    @EnumSource(Event.class)
    void aNotifyRoundTripsWithEveryEvent(Event event) throws IOException, ProtocolException {
        Notify notify = new Notify(INFO_HASH, PLAYER, 65535, 1L << 40, 0, 5L << 32, event);
        assertEquals(notify, roundTrip(notify));
        assertEquals(event, Event.fromWire(event.wire()));
    }

    @Test
    void theEventsHaveTheirWireNames() {
        assertEquals(List.of("start", "started", "completed", "stopped"),
                Arrays.stream(Event.values()).map(Event::wire).toList());
        assertNull(Event.fromWire("finished"));
    }

    @Test
    void aNotifyWithAShortInfoHashIsRejected() {
        assertEquals("'info_hash' is 19 bytes, expected 20",
                problem(0x10, NOTIFY_GOLDEN.replace("9:info_hash20:" + HASH_TEXT, "9:info_hash19:" + HASH_TEXT.substring(1))));
        assertEquals("'player_id' is 21 bytes, expected 20",
                problem(0x10, NOTIFY_GOLDEN.replace("9:player_id20:" + PLAYER_TEXT, "9:player_id21:" + PLAYER_TEXT + "x")));
    }

    @Test
    void aNotifyWithAPortOutsideTheRangeIsRejected() {
        assertEquals("port 0 is outside 1-65535", problem(0x10, NOTIFY_GOLDEN.replace("i6881e", "i0e")));
        assertEquals("port 70000 is outside 1-65535", problem(0x10, NOTIFY_GOLDEN.replace("i6881e", "i70000e")));
        assertThrows(IllegalArgumentException.class, () -> new Notify(INFO_HASH, PLAYER, 0, 0, 0, 0, Event.START));
    }

    @Test
    void aNotifyWithAnUnknownEventIsRejected() {
        assertEquals("unknown event 'finish'", problem(0x10, NOTIFY_GOLDEN.replace("5:event5:start", "5:event6:finish")));
    }

    @Test
    void aNotifyMissingAKeyIsRejected() {
        assertEquals("missing key 'left'", problem(0x10, NOTIFY_GOLDEN.replace("4:lefti3e", "")));
        assertEquals("missing key 'event'", problem(0x10, NOTIFY_GOLDEN.replace("5:event5:start", "")));
    }

    private static final Answer ANSWER = new Answer("hub restarting soon", 15, 5, 1, 1, List.of(
            new PlayerEntry(OTHER, "127.0.0.1", 6881, true),
            new PlayerEntry(PLAYER, "10.0.0.2", 6882, false)));

    @Test
    void anAnswerIsASortedDictionaryWithPlayerIdSpelledWithASpace() {
        String golden = "d8:completei1e10:incompletei1e8:intervali15e12:min intervali5e7:players"
                + "ld8:completei1e2:ip9:127.0.0.19:player id20:" + OTHER_TEXT + "4:porti6881ee"
                + "d8:completei0e2:ip8:10.0.0.29:player id20:" + PLAYER_TEXT + "4:porti6882eee"
                + "15:warning message19:hub restarting soone";
        byte[] frame = Frames.encode(CODEC, ANSWER);
        assertEquals(0x11, frame[2]);
        assertEquals(golden, text(Arrays.copyOfRange(frame, 3, frame.length)));
    }

    @Test
    void anAnswerFrameOfEntriesEncodedBeforehandIsTheAnswersEncoding() {
        Answer head = new Answer(ANSWER.warningMessage(), ANSWER.interval(), ANSWER.minInterval(), ANSWER.complete(),
                ANSWER.incomplete(), List.of());
        List<byte[]> entries = ANSWER.players().stream().map(HubCodec::entryBytes).toList();
        BencodeWriter writer = HubCodec.answerWriter();
        assertArrayEquals(Frames.encode(CODEC, ANSWER), bytes(HubCodec.answerFrame(head, entries, writer)));
        Answer refusal = Answer.failure("unknown stuff", 15, 5);
        assertArrayEquals(Frames.encode(CODEC, refusal), bytes(HubCodec.answerFrame(refusal, List.of(), writer)),
                "the writer used again");
        assertThrows(IllegalArgumentException.class, () -> HubCodec.answerFrame(ANSWER, entries, writer),
                "players given twice");
    }

    private static byte[] bytes(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return bytes;
    }

    @Test
    void anAnswerRoundTrips() throws IOException, ProtocolException {
        assertEquals(ANSWER, roundTrip(ANSWER));
        Answer refusal = Answer.failure("unknown stuff", 15, 5);
        assertEquals(refusal, roundTrip(refusal));
    }

    @Test
    void aRefusalCarriesTheFiveKeysTheOriginalPlayerReads() {
        assertEquals("d8:completei0e14:failure reason4:nope10:incompletei0e8:intervali15e12:min intervali5e7:playerslee",
                text(Bencode.encode(HubCodec.dictionary(Answer.failure("nope", 15, 5)))));
    }

    @Test
    void anAnswerWithOnlyAFailureReasonIsAccepted() throws ProtocolException {
        Answer answer = (Answer) CODEC.decode(0x11, bytes("d14:failure reason11:not allowede"));
        assertEquals("not allowed", answer.failureReason());
        assertEquals(List.of(), answer.players());
        assertEquals(0, answer.interval());
        assertEquals(0, answer.minInterval());
    }

    @Test
    void anAnswerWithoutAFailureNeedsEveryKey() {
        assertEquals("missing key 'players'", problem(0x11, "d8:completei0e10:incompletei0e8:intervali15e12:min intervali5ee"));
        assertEquals("missing key 'interval'", problem(0x11, "d8:completei0e10:incompletei0e12:min intervali5e7:playerslee"));
        assertEquals("key 'players' should be a list, not a dictionary",
                problem(0x11, "d8:completei0e10:incompletei0e8:intervali15e12:min intervali5e7:playersdee"));
    }

    @Test
    void unreadablePlayerEntriesAreSkippedAndCounted() throws ProtocolException {
        BValue good = entry(e -> e);
        List<BValue> players = List.of(
                good,
                new BInteger(7),
                entry(e -> e.put("player id", new byte[19])),
                entry(e -> e.put("ip", 127)),
                BDictionary.builder().put("ip", "1.2.3.4").put("port", 1).build());
        BDictionary answer = BDictionary.builder()
                .put("interval", 15).put("min interval", 5).put("complete", 0).put("incomplete", 1)
                .put("players", new BList(players))
                .build();

        Answer decoded = (Answer) CODEC.decode(0x11, Bencode.encode(answer));

        assertEquals(List.of(new PlayerEntry(OTHER, "127.0.0.1", 6881, true)), decoded.players());
        assertEquals(4, decoded.unreadablePlayers());
    }

    /** A valid player entry, changed by {@code change}. */
    private static BDictionary entry(UnaryOperator<BDictionary.Builder> change) {
        return change.apply(BDictionary.builder()
                .put("player id", OTHER.toByteArray()).put("ip", "127.0.0.1").put("port", 6881).put("complete", 1)).build();
    }

    @Test
    void anInvalidAddressListsPlayersAsHostSlashPort() throws IOException, ProtocolException {
        InvalidAddress message = new InvalidAddress(List.of(HostPort.parse("127.0.0.1/8001"), HostPort.parse("10.0.0.2/80")));
        byte[] frame = Frames.encode(CODEC, message);
        assertEquals(0x12, frame[2]);
        assertEquals("d11:list_playerl14:127.0.0.1/800111:10.0.0.2/80ee", text(Arrays.copyOfRange(frame, 3, frame.length)));
        assertEquals(message, roundTrip(message));
    }

    @Test
    void anInvalidAddressWithSomethingElseInTheListIsRejected() {
        assertEquals("list_player holds something other than strings", problem(0x12, "d11:list_playerli1eee"));
        assertEquals("list_player: '127.0.0.1:80' is not an address of the form HOST/PORT, like 127.0.0.1/8001",
                problem(0x12, "d11:list_playerl12:127.0.0.1:80ee"));
        assertEquals("missing key 'list_player'", problem(0x12, "de"));
    }

    @Test
    void rejectsUnknownIdsAndPayloadsThatAreNotDictionaries() {
        assertEquals("unknown message id 0x5 on a hub link", problem(0x05, "de"));
        assertEquals("expected a bencoded dictionary at byte 0", problem(0x10, "le"));
        assertEquals("bencode: input ends too early at byte 1", problem(0x11, "d"));
    }
}
