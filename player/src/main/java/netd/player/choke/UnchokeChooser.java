package netd.player.choke;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Whom to unchoke (upload to). Pure: given the downloaders and their rates, it returns a
 * choice. The {@code slots} interested downloaders with the best rate are unchoked
 * (tit-for-tat: the rate is what they gave this player, or for a seeder how fast they take),
 * plus one optimistic unchoke among the others so newcomers get their first books. Ties go
 * to those already unchoked, so equal rates never make the choice flap between rounds.
 */
public final class UnchokeChooser<K> {
    /** One downloader as the chooser sees it. */
    public record Candidate<K>(K key, boolean interested, long rate, boolean unchoked) {
    }

    /** The downloaders to unchoke (all others are choked) and which of them is the optimistic one (or null). */
    public record Choice<K>(Set<K> unchoke, K optimistic) {
    }

    private final int slots;

    public UnchokeChooser(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("at least one upload slot");
        }
        this.slots = slots;
    }

    /**
     * @param optimistic        the current optimistic unchoke, or null
     * @param rotateOptimistic  true when its period is over and another should get the chance
     */
    public Choice<K> choose(List<Candidate<K>> candidates, K optimistic, boolean rotateOptimistic, RandomGenerator random) {
        List<Candidate<K>> interested = new ArrayList<>();
        for (Candidate<K> c : candidates) {
            if (c.interested()) {
                interested.add(c);
            }
        }
        // Shuffle first so that, among equal rates and equal states, the order is random.
        for (int i = interested.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            interested.set(i, interested.set(j, interested.get(i)));
        }
        interested.sort(Comparator.<Candidate<K>>comparingLong(Candidate::rate).reversed()
                .thenComparing(c -> !c.unchoked()));
        Set<K> unchoke = new HashSet<>();
        for (int i = 0; i < Math.min(slots, interested.size()); i++) {
            unchoke.add(interested.get(i).key());
        }
        List<Candidate<K>> others = interested.subList(Math.min(slots, interested.size()), interested.size());
        K nextOptimistic = null;
        boolean keep = !rotateOptimistic && others.stream().anyMatch(c -> c.key().equals(optimistic));
        if (keep) {
            nextOptimistic = optimistic;
        } else if (!others.isEmpty()) {
            // Prefer one that is choked now, so the rotation really gives someone new a turn.
            List<Candidate<K>> choked = others.stream().filter(c -> !c.unchoked() && !c.key().equals(optimistic)).toList();
            List<Candidate<K>> pool = choked.isEmpty() ? others : choked;
            nextOptimistic = pool.get(random.nextInt(pool.size())).key();
        }
        if (nextOptimistic != null) {
            unchoke.add(nextOptimistic);
        }
        return new Choice<>(Set.copyOf(unchoke), nextOptimistic);
    }
}
