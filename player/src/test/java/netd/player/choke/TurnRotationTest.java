package netd.player.choke;

import netd.player.choke.UnchokeChooser.Candidate;
import netd.player.choke.UnchokeChooser.Choice;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TurnRotationTest {
    private static final Duration ROUND = Duration.ofSeconds(10);
    private static final int TURN_ROUNDS = 3;

    private long now = 1_000_000;
    private final TurnRotation<String> rotation = new TurnRotation<>(ROUND.multipliedBy(TURN_ROUNDS),
            () -> Instant.ofEpochMilli(now));
    /** The swarm as the seeder sees it: who is listed and interested, and how fast each takes (listing order kept). */
    private final Map<String, Boolean> interested = new LinkedHashMap<>();
    private final Map<String, Long> rate = new HashMap<>();
    /** Those whose listed address refused this player's dial. */
    private final Set<String> refused = new java.util.HashSet<>();
    private Set<String> unchoked = Set.of();

    @Test
    void oneThatRefusedOurDialWaitsBehindEveryOtherAndHasItsTurnWhenNoneWaits() {
        join("refuser", 900);
        refused.add("refuser");
        join("a", 10);
        join("b", 10);
        join("c", 10);
        // Fast and waiting as long as any, but behind every other: a, b, then c in turn.
        assertEquals(Set.of("a", "b"), round());
        round();
        round();
        assertEquals(Set.of("c", "a"), round());
        // Nobody else waits: its turn comes, and it keeps it to the end as any turn.
        interested.put("b", false);
        interested.put("c", false);
        assertEquals(Set.of("a", "refuser"), round());
        interested.put("b", true);
        assertEquals(Set.of("a", "refuser"), round());
    }

    @Test
    void downloadersTakeTurnsLongestWaitingFirst() {
        // The listing order says nothing: equal waits go to the faster.
        join("slow", 10);
        join("fast", 900);
        join("medium", 500);
        assertEquals(Set.of("fast", "medium"), round());
        assertEquals(Set.of("fast", "medium"), round());
        assertEquals(Set.of("fast", "medium"), round());
        // Their turn is over: "slow" has waited longest, then the faster of the two whose turns just ended.
        assertEquals(Set.of("slow", "fast"), round());
        join("late", 0);
        assertEquals(Set.of("slow", "fast"), round());
        assertEquals(Set.of("slow", "fast"), round());
        // "medium" has waited since the first turns ended, "late" only since it came.
        assertEquals(Set.of("medium", "late"), round());
    }

    @Test
    void theFastestTakerDoesNotKeepASlotForever() {
        join("greedy", 1_000_000);
        for (int i = 0; i < 4; i++) {
            join("honest" + i, 1_000);
        }
        Map<String, Integer> roundsServed = new HashMap<>();
        int rounds = 5 * TURN_ROUNDS * 4;
        for (int i = 0; i < rounds; i++) {
            round().forEach(key -> roundsServed.merge(key, 1, Integer::sum));
        }
        // 5 downloaders, 2 slots: each gets 2 of every 5 turns.
        assertEquals(interested.keySet(), roundsServed.keySet());
        for (Map.Entry<String, Integer> served : roundsServed.entrySet()) {
            assertEquals(rounds * 2 / 5, served.getValue(), served.getKey());
        }
    }

    @Test
    void aSlotChangesHandsOnlyWhenATurnEnds() {
        for (int i = 0; i < 5; i++) {
            join("d" + i, 100 * i);
        }
        Map<String, List<Integer>> heldIn = new HashMap<>();
        for (int r = 0; r < 60; r++) {
            Set<String> served = round();
            assertEquals(2, served.size());
            for (String key : served) {
                heldIn.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
        }
        // Every stretch a downloader holds a slot lasts exactly one turn: never cut short, never flapping.
        for (Map.Entry<String, List<Integer>> held : heldIn.entrySet()) {
            List<Integer> runs = runLengths(held.getValue());
            for (int run : runs.subList(0, runs.size() - 1)) {
                assertEquals(TURN_ROUNDS, run, held.getKey() + " held its slot for " + runs);
            }
            assertTrue(runs.getLast() <= TURN_ROUNDS, held.getKey() + " held its slot for " + runs);
        }
    }

    @Test
    void withNobodyWaitingAFinishedTurnGoesOnWithoutAChoke() {
        join("a", 1);
        join("b", 2);
        for (int i = 0; i < 10; i++) {
            assertEquals(Set.of("a", "b"), round());
        }
        join("c", 0);
        round();
        round();
        // "a" and "b" began their turns together: when those end, "c" (waiting) takes the slower one's slot.
        assertEquals(Set.of("b", "c"), round());
    }

    @Test
    void aDownloaderThatLosesInterestFreesItsSlotAtOnce() {
        join("a", 5);
        join("b", 4);
        join("c", 3);
        join("d", 2);
        assertEquals(Set.of("a", "b"), round());
        interested.put("a", false);
        // Mid-turn: "b" keeps its turn, "a"'s slot goes to the longest waiting (the faster of c and d).
        assertEquals(Set.of("b", "c"), round());
        // Back, "a" waits from the moment it left: behind "d", who has waited since the start.
        interested.put("a", true);
        round();
        assertEquals(Set.of("c", "d"), round());
    }

    @Test
    void aDownloaderThatLeavesLosesItsPlaceInLineAndTheUninterestedAreNeverServed() {
        join("a", 5);
        join("b", 4);
        join("c", 3);
        join("d", 2);
        join("idle", 9_999);
        interested.put("idle", false);
        assertEquals(Set.of("a", "b"), round());
        interested.remove("c");
        join("e", 1);
        round();
        // "c" comes back as a stranger: it waits from now, behind "e", which came while it was away.
        join("c", 3);
        round();
        assertEquals(Set.of("d", "e"), round());
    }

    @Test
    void aSlotGivenBetweenRoundsIsNoTurn() {
        join("a", 5);
        join("b", 4);
        join("c", 3);
        join("d", 2);
        assertEquals(Set.of("a", "b"), round());
        // "a" leaves, and its slot goes at once to the newcomer "e" (not by this class)...
        interested.remove("a");
        join("e", 9);
        unchoked = Set.of("b", "e");
        // ...which has waited less than "c" and "d": at the round, the slot goes to "c".
        assertEquals(Set.of("b", "c"), round());
    }

    @Test
    void hasNoOptimisticUnchokeAndServesNoOneWithNoSlots() {
        join("a", 1);
        Choice<String> choice = rotation.choose(candidates(), 2);
        assertNull(choice.optimistic());
        assertEquals(Set.of(), rotation.choose(candidates(), 0).unchoke());
        assertThrows(IllegalArgumentException.class, () -> new TurnRotation<String>(Duration.ZERO, () -> Instant.EPOCH));
    }

    private void join(String key, long takes) {
        interested.put(key, true);
        rate.put(key, takes);
    }

    /** One choking round, ROUND after the last: returns whom the seeder serves now. */
    private Set<String> round() {
        now += ROUND.toMillis();
        Choice<String> choice = rotation.choose(candidates(), 2);
        for (String key : choice.unchoke()) {
            assertTrue(interested.get(key), key + " is not interested");
        }
        unchoked = choice.unchoke();
        return unchoked;
    }

    private List<Candidate<String>> candidates() {
        List<Candidate<String>> candidates = new ArrayList<>();
        interested.forEach((key, wants) -> candidates.add(new Candidate<>(key, wants, rate.get(key), unchoked.contains(key),
                refused.contains(key))));
        return candidates;
    }

    private static List<Integer> runLengths(List<Integer> rounds) {
        List<Integer> runs = new ArrayList<>();
        int run = 1;
        for (int i = 1; i < rounds.size(); i++) {
            if (rounds.get(i) == rounds.get(i - 1) + 1) {
                run++;
            } else {
                runs.add(run);
                run = 1;
            }
        }
        runs.add(run);
        return runs;
    }
}
