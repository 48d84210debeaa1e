package netd.common.library;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HostPortTest {
    @Test
    void parsesHostSlashPortAndPrintsItBack() {
        HostPort address = HostPort.parse("127.0.0.1/8001");
        assertEquals("127.0.0.1", address.host());
        assertEquals(8001, address.port());
        assertEquals("127.0.0.1/8001", address.toString());
        assertEquals(new HostPort("hub.example", 65535), HostPort.parse("hub.example/65535"));
        assertEquals(1, HostPort.parse("h/1").port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8001", "127.0.0.1", "/8001", "127.0.0.1/", "h/0", "h/65536", "h/-1", "h/80x",
            "h/123456", "h/ 80", "a b/80", "a/b/80", ""})
    void rejectsWhatIsNotHostSlashPort(String text) {
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
    }
}
