package netd.hub.redis;

import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.hub.PlayerKey;
import netd.hub.Registration;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RedisLayoutTest {
    private static final InfoHash STUFF = InfoHash.of(filled(0xab));
    private static final PlayerId PLAYER = PlayerId.of("-RO0101-7ec7150dddf3".getBytes(StandardCharsets.US_ASCII));
    private static final Instant SEEN = Instant.parse("2026-01-01T00:00:00.123Z");

    private final RedisLayout hubA = new RedisLayout("a1");
    private final RedisLayout hubB = new RedisLayout("b2");

    @Test
    void aRecordReadByItsOwnHubKeepsItsConnection() {
        Registration registration = new Registration(new PlayerKey(STUFF, PLAYER), "10.0.0.1", 7001, true, SEEN, 42);

        String record = hubA.record(registration);

        assertEquals("10.0.0.1 7001 1 " + SEEN.toEpochMilli() + " a1:42", record);
        assertEquals(registration, hubA.registration(STUFF, RedisLayout.hex(PLAYER), record));
    }

    @Test
    void anotherHubsConnectionNumberIsNeverTakenForOneOfThisHub() {
        Registration registration = new Registration(new PlayerKey(STUFF, PLAYER), "10.0.0.1", 7001, false, SEEN, 42);

        Registration readByB = hubB.registration(STUFF, RedisLayout.hex(PLAYER), hubA.record(registration));

        assertEquals(Registration.ELSEWHERE, readByB.connection());
        assertEquals(registration.entry(), readByB.entry());
        assertEquals(SEEN, readByB.lastSeen());
    }

    @Test
    void aHubWhoseIdPrefixesAnothersDoesNotClaimItsRecords() {
        Registration registration = new Registration(new PlayerKey(STUFF, PLAYER), "10.0.0.1", 7001, false, SEEN, 42);

        Registration readByShorter = new RedisLayout("a").registration(STUFF, RedisLayout.hex(PLAYER), hubA.record(registration));

        assertEquals(Registration.ELSEWHERE, readByShorter.connection());
    }

    @Test
    void aSwarmsKeysShareOneHashTag() {
        String tag = "{" + "ab".repeat(20) + "}";
        assertEquals(List.of("netd:" + tag + ":seen", "netd:" + tag + ":done", "netd:" + tag + ":records"),
                RedisLayout.swarmKeys(STUFF));
        assertEquals(STUFF, RedisLayout.infoHash(RedisLayout.hex(STUFF)));
        assertEquals("netd:address:10.0.0.1/7001", RedisLayout.addressKey("10.0.0.1", 7001));
    }

    @Test
    void aRecordOfAnotherShapeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> hubA.registration(STUFF, RedisLayout.hex(PLAYER), "10.0.0.1 7001"));
    }

    @Test
    void aHubIdMustBeOneWordWithoutColons() {
        assertThrows(IllegalArgumentException.class, () -> new RedisLayout("a:b"));
        assertThrows(IllegalArgumentException.class, () -> new RedisLayout("a b"));
        assertThrows(IllegalArgumentException.class, () -> new RedisLayout(""));
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[20];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
