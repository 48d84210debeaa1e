package netd.hub.redis;

import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.hub.PlayerKey;
import netd.hub.Registration;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class DecodedRecordsTest {
    private static final InfoHash STUFF = InfoHash.of(new byte[20]);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final RedisLayout layout = new RedisLayout("hub1");
    private final DecodedRecords records = new DecodedRecords(layout);

    @Test
    void anUnchangedRecordIsDecodedOnceAndAChangedOneAgain() {
        String first = layout.record(registration(1, T0));
        String later = layout.record(registration(1, T0.plusSeconds(15)));

        Registration decoded = records.registration(STUFF, hex(1), first);

        assertSame(decoded, records.registration(STUFF, hex(1), first));
        assertEquals(registration(1, T0.plusSeconds(15)), records.registration(STUFF, hex(1), later));
    }

    @Test
    void aRecordThisHubWroteIsFoundWithoutDecoding() {
        Registration written = registration(1, T0);
        String record = layout.record(written);

        records.remember(STUFF, hex(1), record, written);

        assertSame(written, records.registration(STUFF, hex(1), record));
        assertEquals(registration(1, T0.plusSeconds(15)),
                records.registration(STUFF, hex(1), layout.record(registration(1, T0.plusSeconds(15)))), "another hub wrote since");
    }

    @Test
    void aSwarmHoldingFarMoreEntriesThanPlayersStartsOver() {
        for (int i = 0; i < 100; i++) {
            records.registration(STUFF, hex(i), layout.record(registration(i, T0)));
        }
        records.trim(STUFF, 50);
        assertEquals(100, records.size(STUFF), "within twice the players and the slack");

        records.trim(STUFF, 10);
        assertEquals(0, records.size(STUFF));
    }

    private static Registration registration(int player, Instant seen) {
        return new Registration(new PlayerKey(STUFF, id(player)), "10.0.0.1", 7000 + player, false, seen, 3);
    }

    private static String hex(int player) {
        return RedisLayout.hex(id(player));
    }

    private static PlayerId id(int player) {
        return PlayerId.of(String.format("-ND0100-%012x", player).getBytes(StandardCharsets.US_ASCII));
    }
}
