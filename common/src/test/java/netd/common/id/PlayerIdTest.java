package netd.common.id;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlayerIdTest {
    @Test
    void generatedIdsFollowTheProtocolWithNetdsPrefix() {
        Random random = new Random(42);
        Set<PlayerId> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            PlayerId id = PlayerId.generate(random);
            assertTrue(id.text().matches("-ND0100-[0-9a-f]{12}"), id.text());
            assertEquals(20, id.toByteArray().length);
            assertTrue(id.isWellFormed());
            assertFalse(id.isOriginalClient());
            seen.add(id);
        }
        assertEquals(100, seen.size());
    }

    @Test
    void parsesAWellFormedIdToItsBytes() {
        PlayerId id = PlayerId.parse("-RO0101-7ec7150dddf3");
        assertEquals("-RO0101-7ec7150dddf3", new String(id.toByteArray(), StandardCharsets.US_ASCII));
        assertTrue(id.isOriginalClient());
        assertEquals(PlayerId.of("-RO0101-7ec7150dddf3".getBytes(StandardCharsets.US_ASCII)), id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-RO0101-7ec7150dddf", "-RO0101-7ec7150dddf34", "-RO0101-7EC7150DDDF3",
            "RO0101--7ec7150dddf3", "-R00101-7ec7150dddf3", "-RO010a-7ec7150dddf3", "-RO0101_7ec7150dddf3",
            "-RO0101-7ec7150dddg3", "-RO0101-../../etc/pa"})
    void rejectsIdsThatBreakTheProtocolWithASentence(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlayerId.parse(text));
        assertEquals("'" + text + "' is not a player id: expected '-', two letters, four digits, '-' and twelve "
                + "lowercase hex digits, like -RO0101-7ec7150dddf3", e.getMessage());
    }

    @Test
    void idsFromOtherPlayersAreKeptWhateverTheyHold() {
        byte[] strange = new byte[20];
        strange[0] = '-';
        strange[1] = 'R';
        strange[2] = 'O';
        strange[3] = (byte) 0xff;
        PlayerId id = PlayerId.of(strange);
        assertFalse(id.isWellFormed());
        assertTrue(id.isOriginalClient());
        assertEquals("-RO" + "?".repeat(17), id.text());
        assertThrows(IllegalArgumentException.class, () -> PlayerId.of(new byte[19]));
    }
}
