package netd.player.peer;

import netd.common.wire.PeerMessage.Have;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a peer passes what its link reads to the manager: gathered per burst, in order. */
class PeerTest {
    private final ManagerInbox inbox = new ManagerInbox(1000);
    private final Peer peer = new Peer(Peer.Role.UPLOAD, new InetSocketAddress("127.0.0.1", 6881), null, inbox, 0);

    private List<ManagerEvent> taken() throws InterruptedException {
        List<ManagerEvent> taken = new ArrayList<>();
        inbox.takeAll(0, taken);
        return taken;
    }

    private ManagerEvent have(int index) {
        return new ManagerEvent.Message(peer, new Have(index));
    }

    @Test
    void messagesOfOneBurstReachTheManagerTogetherWhenTheReaderPauses() throws InterruptedException {
        peer.onMessage(null, new Have(1));
        peer.onMessage(null, new Have(2));
        assertEquals(List.of(), taken(), "held back until the burst ends");

        peer.onReadPause(null);
        assertEquals(List.of(have(1), have(2)), taken());
        peer.onReadPause(null);
        assertEquals(List.of(), taken(), "a pause with nothing gathered posts nothing");
    }

    @Test
    void aLongBurstIsPassedOnInBoundedBatches() throws InterruptedException {
        for (int i = 0; i < Peer.MAX_GATHERED + 1; i++) {
            peer.onMessage(null, new Have(i));
        }
        List<ManagerEvent> expected = new ArrayList<>();
        for (int i = 0; i < Peer.MAX_GATHERED; i++) {
            expected.add(have(i));
        }
        assertEquals(expected, taken());
        peer.onReadPause(null);
        assertEquals(List.of(have(Peer.MAX_GATHERED)), taken());
    }
}
