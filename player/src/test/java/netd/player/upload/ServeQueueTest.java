package netd.player.upload;

import netd.player.PlayerTuning;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ServeQueueTest {
    private static final int BOOK = 16 * 1024;
    private static final Predicate<String> EVERYONE_CAN_TAKE = downloader -> true;

    @Test
    void withoutALimitEveryRequestIsServedInTurn() {
        ServeQueue<String> queue = new ServeQueue<>(null, EVERYONE_CAN_TAKE);
        queue.add("a", 1);
        queue.add("a", 2);
        queue.add("b", 7);
        assertEquals(0, queue.millisUntilNext(0));
        List<String> served = new ArrayList<>();
        ServeQueue.Serve<String> next;
        while ((next = queue.next(0, i -> BOOK)) != null) {
            served.add(next.downloader() + next.index());
        }
        assertEquals(List.of("a1", "b7", "a2"), served);
        assertEquals(Long.MAX_VALUE, queue.millisUntilNext(0));
    }

    @Test
    void underALimitAGreedyDownloaderGetsNoMoreThanItsTurn() {
        ServeQueue<String> queue = new ServeQueue<>(new TokenBucket(4 * BOOK, 0), EVERYONE_CAN_TAKE);
        for (int i = 0; i < 100; i++) {
            queue.add("greedy", i);
        }
        for (int i = 0; i < 10; i++) {
            queue.add("honest", i);
        }
        Map<String, Integer> books = new HashMap<>();
        long now = 0;
        while (now < 5_000) {
            ServeQueue.Serve<String> next = queue.next(now, i -> BOOK);
            if (next == null) {
                now += queue.millisUntilNext(now);
                continue;
            }
            books.merge(next.downloader(), 1, Integer::sum);
            if (next.downloader().equals("honest")) {
                // An honest downloader asks again as books come: it always has one waiting.
                queue.add("honest", 100 + books.get("honest"));
            }
        }
        // 5 s at 4 books/s plus a second's burst: about 24 books, shared equally.
        assertEquals(books.get("greedy"), books.get("honest"), 1, books::toString);
        assertEquals(24, books.get("greedy") + books.get("honest"), 1);
    }

    @Test
    void aDroppedDownloaderIsServedNothingMore() {
        ServeQueue<String> queue = new ServeQueue<>(new TokenBucket(BOOK, 0), EVERYONE_CAN_TAKE);
        queue.add("choked", 1);
        queue.add("choked", 2);
        queue.add("other", 3);
        assertEquals(2, queue.waiting("choked"));
        queue.drop("choked");
        assertEquals(0, queue.waiting("choked"));
        assertEquals(new ServeQueue.Serve<>("other", 3), queue.next(0, i -> BOOK));
        assertNull(queue.next(0, i -> BOOK));
        assertEquals(Long.MAX_VALUE, queue.millisUntilNext(0));
    }

    @Test
    void theLimitMakesTheNextRequestWait() {
        ServeQueue<String> queue = new ServeQueue<>(new TokenBucket(BOOK, 0), EVERYONE_CAN_TAKE);
        queue.add("a", 1);
        queue.add("a", 2);
        queue.add("a", 3);
        assertEquals(new ServeQueue.Serve<>("a", 1), queue.next(0, i -> BOOK));
        assertEquals(new ServeQueue.Serve<>("a", 2), queue.next(0, i -> BOOK));
        assertNull(queue.next(0, i -> BOOK));
        assertEquals(1000, queue.millisUntilNext(0));
        assertEquals(1, queue.waiting("a"));
        assertEquals(new ServeQueue.Serve<>("a", 3), queue.next(1000, i -> BOOK));
    }

    @Test
    void aDownloaderThatCannotTakeABookKeepsItsTurnAndItsRequests() {
        Set<String> backedUp = new HashSet<>(Set.of("slow"));
        ServeQueue<String> queue = new ServeQueue<>(null, downloader -> !backedUp.contains(downloader));
        queue.add("slow", 1);
        queue.add("slow", 2);
        queue.add("fast", 7);
        queue.add("fast", 8);
        assertEquals(0, queue.millisUntilNext(0));
        assertEquals(new ServeQueue.Serve<>("fast", 7), queue.next(0, i -> BOOK));
        assertEquals(new ServeQueue.Serve<>("fast", 8), queue.next(0, i -> BOOK));
        assertNull(queue.next(0, i -> BOOK));
        // Only the backed-up downloader waits: look again soon, not never.
        assertEquals(PlayerTuning.RECHECK_MILLIS, queue.millisUntilNext(0));
        assertEquals(2, queue.waiting("slow"));
        backedUp.clear();
        queue.add("fast", 9);
        assertEquals(new ServeQueue.Serve<>("slow", 1), queue.next(2, i -> BOOK), "it lost its turn");
        assertEquals(new ServeQueue.Serve<>("fast", 9), queue.next(2, i -> BOOK));
        assertEquals(new ServeQueue.Serve<>("slow", 2), queue.next(2, i -> BOOK));
        assertEquals(Long.MAX_VALUE, queue.millisUntilNext(2));
    }
}
