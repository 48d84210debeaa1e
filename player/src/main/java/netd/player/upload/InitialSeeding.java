package netd.player.upload;

import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

import static netd.player.PlayerTuning.BUSY_MILLIS;
import static netd.player.PlayerTuning.MAX_DEPTH;
import static netd.player.PlayerTuning.OFFERED_AHEAD;
import static netd.player.PlayerTuning.OFFERED_TO_CHOKED;
import static netd.player.PlayerTuning.TICK_MILLIS;

/**
 * What a player that started with the whole stuff tells each downloader it holds (BitTorrent's
 * "initial seeding", or super-seeding): not every book, but one book while the downloader is
 * choked ({@link netd.player.PlayerTuning#OFFERED_TO_CHOKED}, so that it is interested), a batch of
 * {@link netd.player.PlayerTuning#OFFERED_AHEAD} when it is unchoked, one more each time it is served
 * a book, and more when it holds all it was offered (it said it is not interested) or asks for
 * nothing. Each offer is the book with the fewest copies out, then offered to the fewest unchoked
 * downloaders, then to the fewest choked ones, so that each book leaves the seeder about once
 * and the downloaders get the rest from each other.
 *
 * <p>Why: downloaders that hear of the seeder's whole stuff pick books by their own view of
 * the swarm (the few players they download from), and several ask the seeder for the same book
 * while its first copy is still on the way. In a simulated flash crowd of 100 (scripts/simulate.sh)
 * the seeder, once it had sent each book once and told everyone of everything, sent each book
 * 2.3 times in all, and 3.5 times among 1,000; in the lab 1.3-1.4 times among 8. So this lasts as
 * long as the seeder does, not only until each book went out once.
 *
 * <p>A copy is out when the seeder served the book, or when a downloader showed it holds it (it
 * said it is not interested while offered it). An offer is not a copy: a downloader offered a
 * book may ask for others first for a long time, or never (it has other uploaders, it was told
 * of many books), and counting offers as copies let a book offered to such a downloader wait
 * behind books sent twice already: in a simulated swarm of 200 arriving over 10 s whose seeder
 * left after 1.5 copies, one book had not gone out when the seeder left, and nobody completed.
 * So every book goes out once before any goes out twice, as far as offers decide:
 *
 * <ul>
 * <li>while some book has no copy out, a downloader is offered only such books (however long it
 *     waits for more), and an unchoked one only those that no other unchoked downloader may ask
 *     for: two that may both ask for a book both get it;</li>
 * <li>once every book has a copy out, the ones with the fewest copies out first.</li>
 * </ul>
 *
 * A choked downloader keeps what it was told, and asks for it once unchoked: hence one book
 * while it waits for a slot, not a batch. In the same swarm, with a batch told to each of the
 * crowd waiting for a slot, whoever was unchoked asked for books others would ask for later.
 *
 * <p>A downloader that is not interested holds every book it was told of, from the seeder or from
 * others, and so counts as one more copy of each. It is offered another batch at once, and if it
 * is still not interested at the next tick, every book it has not heard of ({@link #stillNotInterested}):
 * it gets its books from others faster than from the seeder, or it has nobody else to get the
 * rest from. In the lab (scripts/bench-netlab.sh 32 8 32), where leechers leave once complete,
 * the last two waited 18 s and more for batches of 32 that happened to hold the books they
 * lacked.
 *
 * <p>Pure state keyed by downloader, kept in the order downloaders came, so that the same
 * events give the same offers (the simulator's seeds); the upload side tells it what it serves and sends what it
 * says, as a bitfield at the handshake and as haves after. It only withholds what a downloader
 * is told: it never refuses a request, so a downloader that asks for a book it was not offered
 * (one told of it before it was choked) is served all the same.
 */
public final class InitialSeeding<K> {
    /** Each part of a book's rank ({@link #rank}) counts up to this, and takes this many bits. */
    private static final int RANK_BITS = 20;
    private static final long RANK_PART = (1L << RANK_BITS) - 1;

    /** Per book, the copies out: serves, and downloaders that showed they hold it though we did not serve it. */
    private final int[] copies;
    /** Per book, the unchoked downloaders it was offered to and not served to. */
    private final int[] offeredUnchoked;
    /** Per book, the choked downloaders it was offered to and not served to. */
    private final int[] offeredChoked;
    /** Per book, when it was last served, counted in serves ({@link #serves} then); 0 while never. */
    private final long[] lastServed;
    private long serves;
    /** The books by rank ({@link #rank}), lowest first: the order in which they are offered. */
    private final TreeMap<Long, BitSet> byRank = new TreeMap<>();
    /** Per downloader, the books it was told of. */
    private final Map<K, BitSet> told = new LinkedHashMap<>();
    /** Per downloader, the books offered to it and not yet served to it. */
    private final Map<K, BitSet> unserved = new LinkedHashMap<>();
    /** Per downloader served faster than {@link netd.player.PlayerTuning#OFFERED_AHEAD} keeps busy, the books it is offered ahead while unchoked. */
    private final Map<K, Integer> pacedAhead = new LinkedHashMap<>();
    /** Downloaders that said they are not interested and have not said otherwise since. */
    private final Set<K> sated = new LinkedHashSet<>();
    /** Downloaders unchoked now: they can ask for what they were offered. */
    private final Set<K> unchoked = new LinkedHashSet<>();

    public InitialSeeding(int bookCount) {
        this.copies = new int[bookCount];
        this.offeredUnchoked = new int[bookCount];
        this.offeredChoked = new int[bookCount];
        this.lastServed = new long[bookCount];
        BitSet all = new BitSet();
        all.set(0, bookCount);
        if (bookCount > 0) {
            byRank.put(0L, all);
        }
    }

    /** A downloader's handshake was accepted: the books its bitfield lists. */
    public BitSet opened(K downloader) {
        told.put(downloader, new BitSet());
        unserved.put(downloader, new BitSet());
        topUp(downloader);
        return (BitSet) told.get(downloader).clone();
    }

    /**
     * {@code downloader} is not interested: it holds every book it was told of. The books to
     * offer it now, as haves (none once it has heard of every book): while some book has no
     * copy out, as many as it is offered ahead; once every book has, the {@link
     * netd.player.PlayerTuning#OFFERED_AHEAD} it was not told of that were served last ({@link
     * #offerFreshest}).
     */
    public BitSet notInterested(K downloader) {
        if (!sate(downloader)) {
            return new BitSet();
        }
        return someNotOut() ? topUp(downloader) : offerFreshest(downloader, OFFERED_AHEAD);
    }

    /** Notes that {@code downloader} holds what it was offered; false when it was never {@link #opened}. */
    private boolean sate(K downloader) {
        BitSet waiting = unserved.get(downloader);
        if (waiting == null) {
            return false;
        }
        sated.add(downloader);
        // What it was offered and not served by us, it got from others: each is a copy out.
        waiting.stream().forEach(book -> withdraw(downloader, book, 1));
        waiting.clear();
        return true;
    }

    /** {@code downloader} is interested again: something it was told of is missing. */
    public void interested(K downloader) {
        sated.remove(downloader);
    }

    /**
     * For {@code downloader}, if it is still not interested since it last said so, the books to
     * offer it now, as haves: it holds the last batch too. Once every book has a copy out, up to
     * {@code most}; before, as many as it is offered ahead. Called every tick, so a downloader that
     * holds every book it was offered, and so sends nothing, still hears of the rest.
     */
    public BitSet stillNotInterested(K downloader, int most) {
        if (!sated.contains(downloader) || !sate(downloader)) {
            return new BitSet();
        }
        return someNotOut() ? topUp(downloader) : offerBatch(downloader, most);
    }

    /**
     * {@code downloader} is unchoked and interested, and asked for nothing since the last tick:
     * what it lacks of what it was told, it gets from others (or waits for). Books it has not
     * heard of, as haves, so that it has something to ask the seeder for: once every book has a
     * copy out, up to {@code most}; before, a batch of books that have none.
     */
    public BitSet idle(K downloader, int most) {
        if (!told.containsKey(downloader)) {
            return new BitSet();
        }
        return offerBatch(downloader, someNotOut() ? OFFERED_AHEAD : most);
    }

    /**
     * {@code downloader} is sent book {@code index}: the books to offer it now, as haves (none
     * when it was never {@link #opened}).
     */
    public BitSet served(K downloader, int index) {
        BitSet waiting = unserved.get(downloader);
        if (waiting == null) {
            return new BitSet();
        }
        lastServed[index] = ++serves;
        if (waiting.get(index)) {
            waiting.clear(index);
            withdraw(downloader, index, 1);
        } else {
            change(index, 1, 0, 0);
        }
        return topUp(downloader);
    }

    /**
     * {@code downloader} was unchoked: it may ask for what it was offered. The books to offer it
     * now, as haves, so that it has a batch to ask for.
     */
    public BitSet unchoked(K downloader) {
        BitSet waiting = unserved.get(downloader);
        if (waiting == null || unchoked.contains(downloader)) {
            return new BitSet();
        }
        waiting.stream().forEach(book -> withdraw(downloader, book, 0));
        unchoked.add(downloader);
        waiting.stream().forEach(book -> add(downloader, book));
        return topUp(downloader);
    }

    /** {@code downloader} was choked: it cannot ask for what it was offered, so those books go to others first. */
    public void choked(K downloader) {
        BitSet waiting = unserved.get(downloader);
        if (waiting != null && unchoked.contains(downloader)) {
            waiting.stream().forEach(book -> withdraw(downloader, book, 0));
            unchoked.remove(downloader);
            waiting.stream().forEach(book -> add(downloader, book));
        }
    }

    /** The downloader's link closed: the books offered to it and never served go to others. */
    public void closed(K downloader) {
        BitSet waiting = unserved.remove(downloader);
        if (waiting != null) {
            waiting.stream().forEach(book -> withdraw(downloader, book, 0));
        }
        unchoked.remove(downloader);
        told.remove(downloader);
        sated.remove(downloader);
        pacedAhead.remove(downloader);
    }

    /**
     * {@code downloader} was served {@code books} in the last tick: while unchoked it is offered
     * as many books ahead as it takes at that pace in {@link netd.player.PlayerTuning#BUSY_MILLIS}, at least
     * {@link netd.player.PlayerTuning#OFFERED_AHEAD} and at most {@link netd.player.PlayerTuning#MAX_DEPTH} (the most
     * requests a downloader keeps in flight). Its requests in flight can only be books it was
     * offered, so a fixed batch would cap a fast link (127.0.0.1, one downloader) at a batch per
     * round trip.
     */
    public void servedLastTick(K downloader, int books) {
        if (told.containsKey(downloader)) {
            int ahead = (int) Math.min(MAX_DEPTH, (long) books * BUSY_MILLIS / TICK_MILLIS);
            if (ahead > OFFERED_AHEAD) {
                pacedAhead.put(downloader, ahead);
            } else {
                pacedAhead.remove(downloader);
            }
        }
    }

    /** How many copies of {@code index} are out: serves, and downloaders that showed they hold it. */
    public int copies(int index) {
        return copies[index];
    }

    /** How many downloaders were offered {@code index} and not served it: unchoked ones if {@code unchokedOnes}, else choked ones. */
    public int offers(int index, boolean unchokedOnes) {
        return unchokedOnes ? offeredUnchoked[index] : offeredChoked[index];
    }

    /** Whether some book has no copy out yet: then only such books are offered. */
    private boolean someNotOut() {
        return !byRank.isEmpty() && byRank.firstKey() <= ranked(0, RANK_PART, RANK_PART);
    }

    /**
     * Offers {@code downloader} books until it has as many offered and not served as it should:
     * {@link netd.player.PlayerTuning#OFFERED_AHEAD} while unchoked (more at a fast pace: {@link #servedLastTick}),
     * {@link netd.player.PlayerTuning#OFFERED_TO_CHOKED} while choked.
     */
    private BitSet topUp(K downloader) {
        int ahead = unchoked.contains(downloader) ? pacedAhead.getOrDefault(downloader, OFFERED_AHEAD) : OFFERED_TO_CHOKED;
        return offerBatch(downloader, ahead - unserved.get(downloader).cardinality());
    }

    /**
     * Offers {@code downloader} up to {@code most} books it was not told of, lowest rank first
     * and within a rank in book order (so that runs of books go to one downloader). While some
     * book has no copy out, only such books, and to an unchoked downloader only those not offered
     * to another unchoked one: two that may ask for the same book both get it. One pass over the
     * ranks: a book offered moves to a higher rank, but is known to the downloader from then on,
     * so it is skipped there.
     *
     * @return the books offered
     */
    private BitSet offerBatch(K downloader, int most) {
        BitSet known = told.get(downloader);
        BitSet offered = new BitSet();
        int count = 0;
        long highest = !someNotOut() ? Long.MAX_VALUE
                : unchoked.contains(downloader) ? ranked(0, 0, RANK_PART) : ranked(0, RANK_PART, RANK_PART);
        for (Long rank = byRank.isEmpty() ? null : byRank.firstKey(); rank != null && rank <= highest && count < most;
             rank = byRank.higherKey(rank)) {
            // Walked in place, not copied: this runs for every book served, and a copy of a
            // level costs a bit per book of the stuff. Offering a book only takes it out of
            // this level, and the books the downloader knows lie in runs, skipped a run at a time.
            BitSet level = byRank.get(rank);
            int book = level.nextSetBit(0);
            while (book >= 0 && count < most) {
                if (known.get(book)) {
                    book = level.nextSetBit(known.nextClearBit(book));
                    continue;
                }
                offer(downloader, book);
                offered.set(book);
                count++;
                book = level.nextSetBit(book + 1);
            }
        }
        return offered;
    }

    /**
     * Offers {@code downloader} the {@code most} books it was not told of that were served last
     * (of those never served, none). Once every book has a copy out, the seeder cannot tell which
     * ones the downloaders lack: they get them from each other, which it does not see. The books
     * it sent last have had the least time to spread, and their first holders may have completed
     * and left since; a downloader that is not interested lacks nothing it was told of, and says
     * nothing more until it is told of something it lacks. Offered in book order, the batch held
     * old books, which such a downloader near its end holds, and it waited for the seeder's next
     * tick ({@link #stillNotInterested}) to hear of the book it lacked (docs/BENCHMARKS.md).
     *
     * @return the books offered
     */
    private BitSet offerFreshest(K downloader, int most) {
        BitSet known = told.get(downloader);
        // The newest `most` serves among the books it does not know, the oldest of them on top.
        PriorityQueue<Integer> newest = new PriorityQueue<>(Comparator.comparingLong(book -> lastServed[book]));
        for (int book = known.nextClearBit(0); book < lastServed.length; book = known.nextClearBit(book + 1)) {
            if (lastServed[book] > 0) {
                newest.add(book);
                if (newest.size() > most) {
                    newest.poll();
                }
            }
        }
        BitSet offered = new BitSet();
        for (int book : newest) {
            offer(downloader, book);
            offered.set(book);
        }
        return offered;
    }

    /** Tells {@code downloader} of {@code book}, which it now waits for from this player. */
    private void offer(K downloader, int book) {
        told.get(downloader).set(book);
        unserved.get(downloader).set(book);
        add(downloader, book);
    }

    /** {@code downloader} is offered {@code book}. */
    private void add(K downloader, int book) {
        boolean isUnchoked = unchoked.contains(downloader);
        change(book, 0, isUnchoked ? 1 : 0, isUnchoked ? 0 : 1);
    }

    /** {@code downloader}'s offer of {@code book} is taken back, with {@code moreCopies} copies out for it. */
    private void withdraw(K downloader, int book, int moreCopies) {
        boolean isUnchoked = unchoked.contains(downloader);
        change(book, moreCopies, isUnchoked ? -1 : 0, isUnchoked ? 0 : -1);
    }

    /** Changes {@code book}'s counts and ranks it anew. */
    private void change(int book, int moreCopies, int moreUnchoked, int moreChoked) {
        long before = rank(book);
        BitSet level = byRank.get(before);
        level.clear(book);
        if (level.isEmpty()) {
            byRank.remove(before);
        }
        copies[book] += moreCopies;
        offeredUnchoked[book] += moreUnchoked;
        offeredChoked[book] += moreChoked;
        byRank.computeIfAbsent(rank(book), r -> new BitSet()).set(book);
    }

    /**
     * The order in which books are offered: fewest copies out first, then offered to the fewest
     * unchoked downloaders (who may ask for it now), then to the fewest choked ones.
     */
    private long rank(int book) {
        return ranked(copies[book], offeredUnchoked[book], offeredChoked[book]);
    }

    private static long ranked(long copies, long unchokedOffers, long chokedOffers) {
        return copies << (2 * RANK_BITS) | Math.min(unchokedOffers, RANK_PART) << RANK_BITS | Math.min(chokedOffers, RANK_PART);
    }
}
