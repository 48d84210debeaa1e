package netd.player.core;

import netd.common.wire.HubMessage.PlayerEntry;
import netd.common.wire.PeerMessage.Have;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the core's turn sends, and what it adds to a link's backlog until carried out. */
class OutboxTest {
    private final FakeLinks links = new FakeLinks(2);
    private final Outbox<String> outbox = new Outbox<>(links);
    private final Remote<String> remote = remote("a");

    @Test
    void sendsGoOutInOrderAndCountIntoTheBacklogUntilTheNextTurn() {
        links.queued.put("a", 5);
        links.unwrittenBookBytes.put("a", 100L);
        outbox.begin();
        assertTrue(outbox.send(remote, new Have(1)));
        assertTrue(outbox.sendBook(remote, 2, 1000));
        assertEquals(List.of(new CoreAction.Send<>("a", new Have(1)), new CoreAction.SendBook<>("a", 2)), outbox.actions());
        assertEquals(7, outbox.queued(remote));
        assertEquals(1100, outbox.unwrittenBookBytes(remote));

        outbox.begin();
        assertEquals(List.of(), outbox.actions(), "a new turn starts empty");
        assertEquals(5, outbox.queued(remote), "what was carried out is the link's own count now");
        assertEquals(100, outbox.unwrittenBookBytes(remote));
    }

    @Test
    void nothingGoesOutOnALinkClosedOrClosingInThisTurn() {
        outbox.begin();
        outbox.close(remote, "bad");
        assertFalse(outbox.send(remote, new Have(1)));
        assertFalse(outbox.sendBook(remote, 1, 10));
        assertFalse(outbox.isOpen(remote));
        assertEquals(List.of(new CoreAction.Close<>("a", "bad")), outbox.actions());

        Remote<String> gone = remote("b");
        links.open.remove("b");
        assertFalse(outbox.send(gone, new Have(1)), "the link closed from the other side");
        assertEquals(1, outbox.actions().size());
    }

    @Test
    void eachDialOfTheTurnTakesOneOfTheFreeSlots() {
        outbox.begin();
        PlayerEntry entry = new PlayerEntry(netd.common.id.PlayerId.of(new byte[20]), "127.0.0.1", 6000, false);
        assertTrue(outbox.slotFree());
        outbox.add(new CoreAction.Connect<>(entry, new InetSocketAddress("127.0.0.1", 6000)));
        assertTrue(outbox.slotFree());
        outbox.add(new CoreAction.Connect<>(entry, new InetSocketAddress("127.0.0.1", 6000)));
        assertFalse(outbox.slotFree(), "two free slots, two dials");
        outbox.begin();
        assertTrue(outbox.slotFree(), "carried out: the gauge tells the slots now");
    }

    private Remote<String> remote(String name) {
        links.open.add(name);
        return new Remote<>(name, Role.UPLOAD, new InetSocketAddress("127.0.0.1", 50_000), null, 0, outbox);
    }
}
