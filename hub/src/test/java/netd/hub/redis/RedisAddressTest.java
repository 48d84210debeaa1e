package netd.hub.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisAddressTest {
    @Test
    void hostPortAndDatabase() {
        assertEquals(new RedisAddress("10.0.0.5", 6379, 0), RedisAddress.parse("redis://10.0.0.5:6379"));
        assertEquals(new RedisAddress("10.0.0.5", 6379, 0), RedisAddress.parse("redis://10.0.0.5:6379/"));
        assertEquals(new RedisAddress("redis.lan", 7000, 3), RedisAddress.parse("redis://redis.lan:7000/3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:6379", "http://h:6379", "redis://h", "redis://h:6379/x", "redis://h:6379/-1",
            "redis://u:p@h:6379", "redis://h:6379?db=1", "redis://:6379", "redis://h:99999"})
    void anythingElseIsOneSentenceNamingIt(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisAddress.parse(text));
        assertTrue(e.getMessage().startsWith("invalid store address '" + text + "'"), e.getMessage());
    }
}
