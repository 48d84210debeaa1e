package netd.player.peer;

import netd.player.PlayerTuning;
import netd.common.id.InfoHash;
import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.wire.BufferPool;
import netd.common.wire.PeerMessage.BookData;
import netd.common.wire.PeerMessage.Have;
import netd.player.core.Role;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a peer passes what its link reads to the manager: gathered per burst, in order. */
class PeerTest {
    private final ManagerInbox inbox = new ManagerInbox(1000);
    private final Peer peer = new Peer(Role.UPLOAD, new InetSocketAddress("127.0.0.1", 6881), null, inbox, 0);

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
    void booksHeldBackWhenTheReaderStopsGoBackToThePool() throws InterruptedException {
        Library library = new Library(new HostPort("127.0.0.1", 6969), "stuff", 16, 16, new byte[Library.HASH_LENGTH],
                null, null, InfoHash.of(new byte[20]));
        Peer reading = new Peer(Role.DOWNLOAD, new InetSocketAddress("127.0.0.1", 6881), library, inbox, 0);
        BufferPool pool = new BufferPool(16, 4, 4);
        BufferPool.Lease lease = pool.take(0);
        reading.onMessage(null, new Have(0));
        reading.onMessage(null, new BookData(0, lease.buffer().limit(16), lease));

        reading.onReadEnd(null);
        assertEquals(List.of(), taken(), "passed on from a link that is gone");
        assertEquals(4, pool.available(), "the book's buffer was not given back");
    }

    @Test
    void aLongBurstIsPassedOnInBoundedBatches() throws InterruptedException {
        for (int i = 0; i < PlayerTuning.MAX_GATHERED + 1; i++) {
            peer.onMessage(null, new Have(i));
        }
        List<ManagerEvent> expected = new ArrayList<>();
        for (int i = 0; i < PlayerTuning.MAX_GATHERED; i++) {
            expected.add(have(i));
        }
        assertEquals(expected, taken());
        peer.onReadPause(null);
        assertEquals(List.of(have(PlayerTuning.MAX_GATHERED)), taken());
    }
}
