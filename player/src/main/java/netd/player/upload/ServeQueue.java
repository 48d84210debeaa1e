package netd.player.upload;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;

import static netd.player.PlayerTuning.RECHECK_MILLIS;

/**
 * Requests from unchoked downloaders waiting to be served, and in what order: downloaders
 * take turns, one book each, so that under an upload limit ({@link TokenBucket}) every
 * unchoked downloader gets an equal share, and a downloader that asks for everything at
 * once gains nothing by it. Without a limit every request is served as it comes. Pure: the
 * time is given (millis), and nothing is read or sent here.
 *
 * <p>A downloader that cannot take a book now (its link is backed up: it reads slower than
 * it is sent to) is passed over and keeps its turn and its requests until it can: a request
 * dropped instead would leave its pipeline waiting for a book that never comes until the
 * request times out.
 *
 * <p>Requests wait here, not in the links: a choke {@link #drop}s what the downloader still
 * waits for, so a slot taken back stops costing upload at once (PROTOCOL.md §4: requests
 * pending at a choke are not answered).
 */
public final class ServeQueue<K> {
    /** One request to serve now. */
    public record Serve<K>(K downloader, int index) {
    }

    private final TokenBucket limit;
    private final Predicate<K> canTake;
    /** Insertion order is the order of turns: a downloader served goes to the back. */
    private final Map<K, ArrayDeque<Integer>> waiting = new LinkedHashMap<>();

    /**
     * @param limit   the upload limit, or null for none
     * @param canTake whether a downloader can take a book now; one that cannot is passed over
     */
    public ServeQueue(TokenBucket limit, Predicate<K> canTake) {
        this.limit = limit;
        this.canTake = canTake;
    }

    /** Queues a request of {@code downloader} for book {@code index}. */
    public void add(K downloader, int index) {
        waiting.computeIfAbsent(downloader, k -> new ArrayDeque<>()).add(index);
    }

    /** Forgets every request of {@code downloader} (choked, not interested, or gone). */
    public void drop(K downloader) {
        waiting.remove(downloader);
    }

    /** Requests of {@code downloader} waiting here. */
    public int waiting(K downloader) {
        ArrayDeque<Integer> requests = waiting.get(downloader);
        return requests == null ? 0 : requests.size();
    }

    /**
     * The next request to serve now, its book's bytes counted against the limit: the first
     * downloader in turn that can take a book; null when none waits, none can take one, or
     * the limit says wait ({@link #millisUntilNext}).
     */
    public Serve<K> next(long nowMillis, IntUnaryOperator bookLength) {
        Iterator<Map.Entry<K, ArrayDeque<Integer>>> turns = waiting.entrySet().iterator();
        while (turns.hasNext()) {
            Map.Entry<K, ArrayDeque<Integer>> turn = turns.next();
            if (!canTake.test(turn.getKey())) {
                continue;
            }
            int index = turn.getValue().peek();
            if (limit != null && !limit.tryTake(bookLength.applyAsInt(index), nowMillis)) {
                return null;
            }
            turn.getValue().poll();
            turns.remove();
            if (!turn.getValue().isEmpty()) {
                waiting.put(turn.getKey(), turn.getValue());
            }
            return new Serve<>(turn.getKey(), index);
        }
        return null;
    }

    /**
     * How long until {@link #next} may give a request: 0 now, {@link netd.player.PlayerTuning#RECHECK_MILLIS} when
     * every downloader waiting is passed over, {@link Long#MAX_VALUE} when none waits.
     */
    public long millisUntilNext(long nowMillis) {
        if (waiting.isEmpty()) {
            return Long.MAX_VALUE;
        }
        for (K downloader : waiting.keySet()) { // a loop, not a stream: the manager asks at every wake-up
            if (canTake.test(downloader)) {
                return limit == null ? 0 : limit.millisUntilAvailable(nowMillis);
            }
        }
        return RECHECK_MILLIS;
    }
}
