package netd.player.choke;

import netd.player.choke.UnchokeChooser.Candidate;
import netd.player.choke.UnchokeChooser.Choice;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Slots handed out in turns (round robin, as libtorrent seeds by default). A seeder hands
 * out all its slots this way: ranking its downloaders by how fast they take, as tit-for-tat
 * does, would let one that always has requests waiting (a free rider above all, since it
 * never gives anything away and so never stops wanting) hold a slot for as long as it
 * stays. A leecher hands out this way the regular slots nobody earned by giving to it
 * ({@link UnchokeChooser}), for the same reason. A downloader keeps its slot for one turn,
 * then goes to the back of the line and those that have waited longest come first, so the
 * upload is spread over everyone who wants it. Equal waits (turns that ended together) go
 * to the one that had fewer turns, so the fastest taker is not always first in line, and
 * only then to the faster.
 *
 * <p>A downloader that refused this player's dial ({@link Candidate#refused}) gets a turn
 * only when no other waits: it passes on nothing of what it gets.
 *
 * <p>A turn is never cut short for a faster newcomer, so the choice is stable between
 * rounds: slots change hands only when a turn ends or a downloader stops being
 * interested (which ends its turn at once). Remembers, per downloader, when its turn began
 * or since when it waits; downloaders no longer listed are forgotten.
 */
public final class TurnRotation<K> {
    private final long turnMillis;
    private final InstantSource clock;
    /** When each downloader holding a slot began its turn. */
    private final Map<K, Long> turnSince = new HashMap<>();
    /** Since when each downloader without a slot has waited: its last turn's end, or when it was first seen. */
    private final Map<K, Long> waitingSince = new HashMap<>();
    /** Turns each downloader has had. */
    private final Map<K, Integer> turns = new HashMap<>();

    /** @param turn how long one keeps its slot while others wait */
    public TurnRotation(Duration turn, InstantSource clock) {
        if (turn.isNegative() || turn.isZero()) {
            throw new IllegalArgumentException("a turn must last some time: " + turn);
        }
        this.turnMillis = turn.toMillis();
        this.clock = clock;
    }

    /**
     * The {@code slots} downloaders to unchoke now; all others are choked. {@link
     * Candidate#rate} is how fast each took books lately, {@link Candidate#unchoked} whether
     * it holds a slot now (one given a slot between rounds had no turn: it waits from now,
     * and keeps the slot only if nobody waited longer). There is no optimistic unchoke:
     * every interested downloader gets its turn anyway.
     */
    public Choice<K> choose(List<Candidate<K>> candidates, int slots) {
        long now = clock.millis();
        Set<K> listed = new HashSet<>();
        List<Candidate<K>> interested = new ArrayList<>();
        for (Candidate<K> c : candidates) {
            listed.add(c.key());
            if (!c.interested() || !c.unchoked()) {
                endTurn(c.key(), now);
            } else if (!turnSince.containsKey(c.key())) {
                waitingSince.putIfAbsent(c.key(), now);
            }
            if (c.interested()) {
                interested.add(c);
            }
        }
        turnSince.keySet().retainAll(listed);
        waitingSince.keySet().retainAll(listed);
        turns.keySet().retainAll(listed);
        // Those in the middle of their turn first, then the longest waiting (a finished turn
        // waits from now, so it comes last); equal waits go to the one that had fewer turns,
        // then to the faster, then to the one holding a slot already, so no slot changes
        // hands for nothing. One that refused this player's dial waits behind every other:
        // what it is given goes nowhere else.
        interested.sort(Comparator.<Candidate<K>>comparingInt(c -> inTurn(c.key(), now) ? 0 : 1)
                .thenComparing(Candidate::refused)
                .thenComparingLong(c -> waitingFrom(c.key(), now))
                .thenComparingInt(c -> turns.getOrDefault(c.key(), 0))
                .thenComparing(Comparator.comparingLong(Candidate<K>::rate).reversed())
                .thenComparing(c -> !c.unchoked()));
        Set<K> unchoke = new HashSet<>();
        for (Candidate<K> c : interested.subList(0, Math.clamp(slots, 0, interested.size()))) {
            unchoke.add(c.key());
            if (!inTurn(c.key(), now)) {
                turnSince.put(c.key(), now);
                waitingSince.remove(c.key());
                turns.merge(c.key(), 1, Integer::sum);
            }
        }
        for (Candidate<K> c : interested) {
            if (!unchoke.contains(c.key())) {
                endTurn(c.key(), now);
            }
        }
        return new Choice<>(Set.copyOf(unchoke), null);
    }

    private boolean inTurn(K key, long now) {
        Long since = turnSince.get(key);
        return since != null && now - since < turnMillis;
    }

    /** When {@code key} began to wait; a turn that is over counts as ending now. */
    private long waitingFrom(K key, long now) {
        return turnSince.containsKey(key) ? now : waitingSince.getOrDefault(key, now);
    }

    /** {@code key} holds no slot from now on: it waits from the end of its turn, or keeps the wait it had. */
    private void endTurn(K key, long now) {
        if (turnSince.remove(key) != null) {
            waitingSince.put(key, now);
        } else {
            waitingSince.putIfAbsent(key, now);
        }
    }
}
