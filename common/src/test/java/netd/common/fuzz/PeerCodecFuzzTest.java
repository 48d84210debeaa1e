package netd.common.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import netd.common.wire.PeerCodec;
import netd.common.wire.PeerMessage;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The player-to-player codec (PROTOCOL.md §4): the first input byte is the frame's id, the rest its payload. */
class PeerCodecFuzzTest {
    @FuzzTest
    void decode(byte[] input) throws IOException {
        PeerMessage message = Invariants.decodeIdAndPayload(PeerCodec.INSTANCE, input);
        if (message == null) {
            return;
        }
        byte[] frame = Invariants.assertRoundTrip(PeerCodec.INSTANCE, message);
        // Every peer message has exactly one form, so it re-encodes to the bytes it came from;
        // this also bounds the decoded message by the input.
        assertArrayEquals(input, Arrays.copyOfRange(frame, 2, frame.length), "re-encoded id and payload");
    }
}
