package netd.player.core;

import netd.common.id.PlayerId;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static netd.player.core.TestPlayers.id;

class BansTest {
    private final Bans bans = new Bans();

    @Test
    void aBanHoldsForTheIdAndForTheAddress() {
        bans.ban(id('a'), new InetSocketAddress("127.0.0.1", 6001));
        assertTrue(bans.isBanned(id('a')));
        assertTrue(bans.isBanned(new InetSocketAddress("127.0.0.1", 6001)));
        assertFalse(bans.isBanned(id('b')));
        assertFalse(bans.isBanned(new InetSocketAddress("127.0.0.1", 6002)), "another port of the same host is another player");
    }

    @Test
    void aPlayerThatNeverSaidWhoItIsIsBannedByAddress() {
        bans.ban(null, new InetSocketAddress("127.0.0.1", 6001));
        assertTrue(bans.isBanned(new InetSocketAddress("127.0.0.1", 6001)));
        assertFalse(bans.isBanned((PlayerId) null));
    }
}
