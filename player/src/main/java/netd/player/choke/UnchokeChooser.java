package netd.player.choke;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Whom a leecher unchokes (uploads to). No sockets, no threads: given the downloaders,
 * what each gave this player lately and the time, it returns a choice (and remembers whose
 * turn the unearned slots are). The {@code slots} interested downloaders
 * that gave the most are unchoked (tit-for-tat), plus one optimistic unchoke among the
 * others so newcomers get their first books. Equal rates go to those already unchoked, so
 * the choice does not flap between rounds; but a slot nobody earned (its holder gave
 * nothing) is handed out in turns ({@link TurnRotation}), or a downloader that never
 * gives, and so is always interested, would keep every such slot it once got.
 *
 * <p>A downloader that {@link Candidate#refused} this player's dial gets no such slot, only
 * the optimistic unchoke, drawn among all as before: BitTorrent's anti-snubbing (a peer that
 * sent nothing for a minute is uploaded to only as an optimistic unchoke) for one-way links,
 * where the downloader is not asked to give on the same link but at its own listed address.
 * A newcomer has not refused anyone yet, so it gets unearned slots as before.
 */
public final class UnchokeChooser<K> {
    /**
     * One downloader as the chooser sees it. {@code refused}: its listed address refused or
     * failed this player's last dial, so it gives this player nothing and cannot be given to
     * in return (see the class comment).
     */
    public record Candidate<K>(K key, boolean interested, long rate, boolean unchoked, boolean refused) {
        /** One with no evidence against it. */
        public Candidate(K key, boolean interested, long rate, boolean unchoked) {
            this(key, interested, rate, unchoked, false);
        }
    }

    /** The downloaders to unchoke (all others are choked) and which of them is the optimistic one (or null). */
    public record Choice<K>(Set<K> unchoke, K optimistic) {
    }

    private final int slots;
    private final TurnRotation<K> unearned;

    /** @param turn how long one keeps a slot nobody earned while others wait */
    public UnchokeChooser(int slots, Duration turn, InstantSource clock) {
        if (slots < 1) {
            throw new IllegalArgumentException("at least one upload slot");
        }
        this.slots = slots;
        this.unearned = new TurnRotation<>(turn, clock);
    }

    /**
     * @param optimistic        the current optimistic unchoke, or null
     * @param rotateOptimistic  true when its period is over and another should get the chance
     */
    public Choice<K> choose(List<Candidate<K>> candidates, K optimistic, boolean rotateOptimistic, RandomGenerator random) {
        List<Candidate<K>> ranked = new ArrayList<>();
        for (Candidate<K> c : candidates) {
            if (c.interested()) {
                ranked.add(c);
            }
        }
        // Shuffle first so that, among equal rates and equal states, the order is random.
        for (int i = ranked.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            ranked.set(i, ranked.set(j, ranked.get(i)));
        }
        ranked.sort(Comparator.<Candidate<K>>comparingLong(Candidate::rate).reversed()
                .thenComparing(c -> !c.unchoked()));
        // The optimistic unchoke keeps its turn: the regular slots are ranked without it...
        Candidate<K> keptOptimistic = rotateOptimistic ? null
                : ranked.stream().filter(c -> c.key().equals(optimistic)).findFirst().orElse(null);
        ranked.remove(keptOptimistic);
        List<Candidate<K>> earned = new ArrayList<>(ranked.stream().filter(c -> c.rate() > 0).limit(slots).toList());
        // ...unless it gave more than the weakest regular: then it has earned a regular slot.
        if (keptOptimistic != null && keptOptimistic.rate() > 0
                && (earned.size() < slots || keptOptimistic.rate() > earned.getLast().rate())) {
            if (earned.size() == slots) {
                earned.removeLast();
            }
            earned.add(keptOptimistic);
            keptOptimistic = null;
        }
        Set<K> unchoke = new HashSet<>();
        earned.forEach(c -> unchoke.add(c.key()));
        K stillOptimistic = keptOptimistic == null ? null : keptOptimistic.key();
        List<Candidate<K>> rest = ranked.stream()
                .filter(c -> !unchoke.contains(c.key()) && !c.key().equals(stillOptimistic) && !c.refused()).toList();
        unchoke.addAll(unearned.choose(rest, slots - earned.size()).unchoke());
        K nextOptimistic = keptOptimistic == null ? drawOptimistic(ranked, unchoke, optimistic, random) : keptOptimistic.key();
        if (nextOptimistic != null) {
            unchoke.add(nextOptimistic);
        }
        return new Choice<>(Set.copyOf(unchoke), nextOptimistic);
    }

    /** A random interested downloader outside the regular slots, preferably one choked now and not the last optimistic. */
    private K drawOptimistic(List<Candidate<K>> ranked, Set<K> regular, K previous, RandomGenerator random) {
        List<Candidate<K>> others = ranked.stream().filter(c -> !regular.contains(c.key())).toList();
        if (others.isEmpty()) {
            return null;
        }
        List<Candidate<K>> choked = others.stream().filter(c -> !c.unchoked() && !c.key().equals(previous)).toList();
        List<Candidate<K>> pool = choked.isEmpty() ? others : choked;
        return pool.get(random.nextInt(pool.size())).key();
    }
}
