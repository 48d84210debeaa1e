package netd.common.link;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LinkSettingsTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void refusesSettingsNoLinkCouldWorkWith() {
        assertThrows(IllegalArgumentException.class, () -> new LinkSettings(0, 10, MINUTE, MINUTE, 8192));
        assertThrows(IllegalArgumentException.class, () -> new LinkSettings(65536, 10, MINUTE, MINUTE, 8192));
        assertThrows(IllegalArgumentException.class, () -> new LinkSettings(100, 0, MINUTE, MINUTE, 8192));
        assertThrows(IllegalArgumentException.class, () -> new LinkSettings(100, 10, Duration.ZERO, MINUTE, 8192));
        assertThrows(IllegalArgumentException.class, () -> new LinkSettings(100, 10, MINUTE, Duration.ofSeconds(-1), 8192));
        assertThrows(IllegalArgumentException.class, () -> new LinkSettings(100, 10, MINUTE, MINUTE, 63));
    }

    @Test
    void withersChangeOneSetting() {
        LinkSettings settings = new LinkSettings(100, 10, MINUTE, MINUTE, 8192);
        assertEquals(new LinkSettings(200, 10, MINUTE, MINUTE, 8192), settings.withMaxFrameLength(200));
        assertEquals(new LinkSettings(100, 10, MINUTE, Duration.ofSeconds(5), 8192), settings.withIdleTimeout(Duration.ofSeconds(5)));
        assertEquals(new LinkSettings(100, 10, Duration.ofSeconds(5), MINUTE, 8192),
                settings.withKeepAliveInterval(Duration.ofSeconds(5)));
    }
}
