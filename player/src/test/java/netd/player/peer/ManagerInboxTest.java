package netd.player.peer;

import netd.common.wire.PeerMessage.Have;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class ManagerInboxTest {
    private static ManagerEvent have(int index) {
        return new ManagerEvent.Message(null, new Have(index));
    }

    private static List<ManagerEvent> haves(int from, int to) {
        List<ManagerEvent> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            events.add(have(i));
        }
        return events;
    }

    @Test
    void takesEverythingWaitingAtOnceNeverBlockingFirstThenInOrder() throws InterruptedException {
        ManagerInbox inbox = new ManagerInbox(100);
        inbox.postAll(haves(0, 3));
        ManagerEvent written = new ManagerEvent.Written(new int[] {7});
        inbox.postAlways(written);
        inbox.post(have(3));

        List<ManagerEvent> taken = new ArrayList<>();
        assertEquals(5, inbox.takeAll(0, taken));
        List<ManagerEvent> expected = new ArrayList<>(List.of(written));
        expected.addAll(haves(0, 4));
        assertEquals(expected, taken);
        assertEquals(0, inbox.takeAll(0, taken), "nothing is taken twice");
    }

    @Test
    void waitsForTheFirstEventUpToTheTimeout() throws InterruptedException {
        ManagerInbox inbox = new ManagerInbox(10);
        List<ManagerEvent> taken = new ArrayList<>();
        assertEquals(0, inbox.takeAll(TimeUnit.MILLISECONDS.toNanos(20), taken));

        Thread poster = Thread.ofVirtual().start(() -> inbox.postAlways(new ManagerEvent.Stop()));
        assertEquals(1, inbox.takeAll(TimeUnit.SECONDS.toNanos(20), taken));
        poster.join();
        assertEquals(List.of(new ManagerEvent.Stop()), taken);
    }

    @Test
    void aBatchLargerThanTheRoomWaitsForTheManagerAndLosesNothing() throws InterruptedException {
        ManagerInbox inbox = new ManagerInbox(4);
        CountDownLatch posted = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                inbox.postAll(haves(0, 10));
                posted.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<ManagerEvent> taken = new ArrayList<>();
        while (taken.size() < 10) {
            int moved = inbox.takeAll(TimeUnit.SECONDS.toNanos(20), taken);
            assertTrue(moved >= 1 && moved <= 4, "never more than the capacity waits: " + moved);
        }
        assertTrue(posted.await(20, TimeUnit.SECONDS));
        reader.join();
        assertEquals(haves(0, 10), taken);
    }

    @Test
    void aFullInboxHoldsBackLinkPostsButNotTheNeverBlockingOnes() throws InterruptedException {
        ManagerInbox inbox = new ManagerInbox(2);
        inbox.postAll(haves(0, 2));
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                inbox.post(have(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        while (reader.getState() != Thread.State.WAITING) {
            assertTrue(reader.isAlive(), "the post into a full inbox returned instead of waiting");
            Thread.onSpinWait();
        }
        inbox.postAlways(new ManagerEvent.Stop());

        List<ManagerEvent> taken = new ArrayList<>();
        inbox.takeAll(0, taken);
        assertEquals(List.of(new ManagerEvent.Stop(), have(0), have(1)), taken);
        reader.join();
        taken.clear();
        assertEquals(1, inbox.takeAll(0, taken));
        assertEquals(List.of(have(2)), taken);
    }
}
