package netd.player.choke;

import netd.player.choke.UnchokeChooser.Candidate;
import netd.player.choke.UnchokeChooser.Choice;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.random.RandomGenerator;

import static netd.player.PlayerTuning.OPTIMISTIC_EVERY_ROUNDS;
import static netd.player.PlayerTuning.SEEDING_SLOT_FACTOR;

/**
 * What the choking rounds remember from one to the next: how many there were, who holds the
 * optimistic unchoke, and the two ways of choosing. While this player downloads, tit-for-tat
 * ({@link UnchokeChooser}) with the optimistic unchoke moving on every {@link
 * netd.player.PlayerTuning#OPTIMISTIC_EVERY_ROUNDS} rounds; while it seeds, turns ({@link TurnRotation}) over the
 * same slots and the optimistic one. The caller says who the candidates are, and carries out
 * the choice.
 */
public final class ChokingRounds<K> {
    private final int maxUploads;
    private final UnchokeChooser<K> chooser;
    private final TurnRotation<K> seedRotation;
    private K optimistic;
    private int round;

    /** @param maxUploads downloaders unchoked for what they give (plus one optimistic unchoke) */
    public ChokingRounds(int maxUploads, Duration chokeInterval, InstantSource clock) {
        this.maxUploads = maxUploads;
        // In millis: Duration.multipliedBy computes in BigDecimal, and initializing it for this
        // one product cost every player start about 10 ms of CPU (async-profiler).
        Duration turn = Duration.ofMillis(chokeInterval.toMillis() * OPTIMISTIC_EVERY_ROUNDS);
        this.chooser = new UnchokeChooser<>(maxUploads, turn, clock);
        this.seedRotation = new TurnRotation<>(turn, clock);
    }

    /** The next round's choice among {@code candidates}: whom to unchoke; every other is choked. */
    public Choice<K> next(List<Candidate<K>> candidates, boolean seeding, RandomGenerator random) {
        round++;
        Choice<K> choice = seeding ? seedRotation.choose(candidates, seedingSlots(maxUploads, interested(candidates)))
                : chooser.choose(candidates, optimistic, round % OPTIMISTIC_EVERY_ROUNDS == 0, random);
        optimistic = choice.optimistic();
        return choice;
    }

    /**
     * How many downloaders a seeding player with {@code maxUploads} (--max-uploads) unchokes
     * at once when {@code interested} want books: half of them, at least a leecher's
     * --max-uploads + 1, at most {@link netd.player.PlayerTuning#SEEDING_SLOT_FACTOR} times that
     * ({@link #mostSeedingSlots}).
     */
    public static int seedingSlots(int maxUploads, int interested) {
        return Math.clamp(interested / 2, maxUploads + 1, mostSeedingSlots(maxUploads));
    }

    /** The most downloaders a seeding player with {@code maxUploads} ever unchokes at once. */
    public static int mostSeedingSlots(int maxUploads) {
        return SEEDING_SLOT_FACTOR * (maxUploads + 1);
    }

    private static <K> int interested(List<Candidate<K>> candidates) {
        int interested = 0;
        for (Candidate<K> candidate : candidates) {
            if (candidate.interested()) {
                interested++;
            }
        }
        return interested;
    }

    /** Whether {@code key} holds the optimistic unchoke now. */
    public boolean isOptimistic(K key) {
        return key.equals(optimistic);
    }

    /** {@code key}'s link closed: if it held the optimistic unchoke, the next round gives it to another. */
    public void closed(K key) {
        if (key == optimistic) {
            optimistic = null;
        }
    }
}
