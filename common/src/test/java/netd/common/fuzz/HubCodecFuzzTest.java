package netd.common.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The player-to-hub codec (PROTOCOL.md §5): the first input byte is the frame's id, the rest its payload. */
class HubCodecFuzzTest {
    /**
     * How much longer than its input a re-encoded hub message may be: a byte of a string
     * that is not UTF-8 is read as U+FFFD, which UTF-8 writes in 3 bytes.
     */
    private static final int GROWTH = 3;
    /**
     * What an answer's encoding may add to the input: a failure answer may leave out the five
     * keys an answer always carries, and re-encoding writes them (zeros, an empty list).
     */
    private static final int ADDED_KEYS = 128;

    @FuzzTest
    void decode(byte[] input) throws IOException {
        HubMessage message = Invariants.decodeIdAndPayload(HubCodec.INSTANCE, input);
        if (message == null) {
            return;
        }
        if (message instanceof HubMessage.Answer answer && answer.unreadablePlayers() > 0) {
            // The skipped entries are not on the wire again: compare with what was kept.
            message = new HubMessage.Answer(answer.failureReason(), answer.warningMessage(), answer.interval(),
                    answer.minInterval(), answer.complete(), answer.incomplete(), answer.players(), 0);
        }
        byte[] frame = Invariants.assertRoundTrip(HubCodec.INSTANCE, message);
        Invariants.assertBounded(frame.length, 3L + ADDED_KEYS + GROWTH * (long) input.length, "re-encoded message");
        // From our own encoding on, the bytes are canonical: they re-encode to themselves.
        HubMessage canonical = Invariants.decodedOrNull(() -> Invariants.decodeFrame(HubCodec.INSTANCE, frame));
        assertArrayEquals(frame, Invariants.encode(HubCodec.INSTANCE, canonical));
    }
}
