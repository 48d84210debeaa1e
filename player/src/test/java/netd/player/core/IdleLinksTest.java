package netd.player.core;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Which link gives up its slot. */
class IdleLinksTest {
    private final Outbox<String> outbox = new Outbox<>(new FakeLinks(0));

    @Test
    void theLinkQuietLongestOnceItHasBeenQuietLongEnough() {
        Remote<String> a = remote("a", 1_000);
        Remote<String> b = remote("b", 500);
        Remote<String> c = remote("c", 9_000);
        assertSame(b, IdleLinks.idlest(List.of(a, b, c), 10_000, 5_000));
        assertSame(a, IdleLinks.idlest(List.of(a, c), 10_000, 5_000));
        assertSame(a, IdleLinks.idlest(List.of(a, c), 6_000, 5_000), "quiet exactly the idle time counts");
        assertNull(IdleLinks.idlest(List.of(a, b, c), 5_400, 5_000), "none quiet long enough");
        assertNull(IdleLinks.idlest(List.<Remote<String>>of(), 10_000, 5_000));
    }

    private Remote<String> remote(String name, long lastActivity) {
        Remote<String> remote = new Remote<>(name, Role.UPLOAD, new InetSocketAddress("127.0.0.1", 1), null, 0, outbox);
        remote.lastActivity = lastActivity;
        return remote;
    }
}
