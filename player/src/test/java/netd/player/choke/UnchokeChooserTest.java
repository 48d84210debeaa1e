package netd.player.choke;

import netd.player.choke.UnchokeChooser.Candidate;
import netd.player.choke.UnchokeChooser.Choice;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnchokeChooserTest {
    private static final Duration TURN = Duration.ofSeconds(30);

    private long now = 1_000_000;
    private final UnchokeChooser<String> chooser = new UnchokeChooser<>(2, TURN, () -> Instant.ofEpochMilli(now));

    @Test
    void unchokesTheBestRatesPlusOneOptimistic() {
        List<Candidate<String>> candidates = List.of(
                new Candidate<>("slow", true, 10, false),
                new Candidate<>("fast", true, 900, false),
                new Candidate<>("medium", true, 500, false),
                new Candidate<>("idle", true, 0, false));
        Choice<String> choice = chooser.choose(candidates, null, false, new Random(1));
        assertTrue(choice.unchoke().containsAll(Set.of("fast", "medium")));
        assertEquals(3, choice.unchoke().size());
        assertTrue(Set.of("slow", "idle").contains(choice.optimistic()));
    }

    @Test
    void neverUnchokesTheUninterested() {
        List<Candidate<String>> candidates = List.of(
                new Candidate<>("a", false, 900, true),
                new Candidate<>("b", true, 1, false));
        Choice<String> choice = chooser.choose(candidates, null, true, new Random(2));
        assertEquals(Set.of("b"), choice.unchoke());
        assertNull(choice.optimistic());
    }

    @Test
    void equalRatesKeepTheCurrentChoiceFromRoundToRound() {
        for (int seed = 0; seed < 50; seed++) {
            List<Candidate<String>> candidates = List.of(
                    new Candidate<>("a", true, 0, false),
                    new Candidate<>("b", true, 0, true),
                    new Candidate<>("c", true, 0, true),
                    new Candidate<>("d", true, 0, false),
                    new Candidate<>("e", true, 0, true));
            Choice<String> choice = chooser.choose(candidates, "e", false, new Random(seed));
            assertEquals(Set.of("b", "c", "e"), choice.unchoke(), "seed " + seed);
            assertEquals("e", choice.optimistic());
        }
    }

    @Test
    void rotationGivesTheOptimisticSlotToSomeoneChoked() {
        Set<String> optimists = new HashSet<>();
        for (int seed = 0; seed < 100; seed++) {
            List<Candidate<String>> candidates = List.of(
                    new Candidate<>("a", true, 100, true),
                    new Candidate<>("b", true, 90, true),
                    new Candidate<>("c", true, 0, true),
                    new Candidate<>("d", true, 0, false),
                    new Candidate<>("e", true, 0, false));
            Choice<String> choice = chooser.choose(candidates, "c", true, new Random(seed));
            assertNotEquals("c", choice.optimistic());
            assertFalse(choice.unchoke().contains("c"));
            optimists.add(choice.optimistic());
        }
        assertEquals(Set.of("d", "e"), optimists);
    }

    @Test
    void anOptimisticWhoEarnsARegularSlotFreesTheOptimisticOne() {
        List<Candidate<String>> candidates = List.of(
                new Candidate<>("a", true, 100, true),
                new Candidate<>("opt", true, 500, true),
                new Candidate<>("b", true, 50, true),
                new Candidate<>("c", true, 0, false));
        Choice<String> choice = chooser.choose(candidates, "opt", false, new Random(3));
        assertTrue(choice.unchoke().containsAll(Set.of("opt", "a")));
        assertTrue(Set.of("b", "c").contains(choice.optimistic()));
    }

    @Test
    void aSlotNobodyEarnedGoesRoundInTurnsSoOneThatNeverGivesCannotKeepIt() {
        // "giver" earned its slot; the other regular slot is nobody's: "taker" got it between
        // rounds and gives nothing, like "x", "y" and "z", who wait for it.
        Set<String> unchoked = Set.of("giver", "taker");
        String optimistic = null;
        List<String> unearnedHolders = new ArrayList<>();
        for (int round = 0; round < 24; round++) {
            List<Candidate<String>> candidates = new ArrayList<>();
            candidates.add(new Candidate<>("giver", true, 700, unchoked.contains("giver")));
            for (String key : List.of("taker", "x", "y", "z")) {
                candidates.add(new Candidate<>(key, true, 0, unchoked.contains(key)));
            }
            Choice<String> choice = chooser.choose(candidates, optimistic, round % 3 == 0, new Random(round));
            Set<String> regular = new HashSet<>(choice.unchoke());
            regular.remove(choice.optimistic());
            assertTrue(regular.remove("giver"));
            assertEquals(1, regular.size());
            unearnedHolders.add(regular.iterator().next());
            unchoked = choice.unchoke();
            optimistic = choice.optimistic();
            now += TURN.toMillis() / 3;
        }
        // Held for one turn (3 rounds) at a time, and by everyone who waited, not by the first holder for good.
        assertEquals(Set.of("taker", "x", "y", "z"), new HashSet<>(unearnedHolders));
        for (int round = 0; round + 3 < unearnedHolders.size(); round += 3) {
            assertEquals(Set.of(unearnedHolders.get(round)), new HashSet<>(unearnedHolders.subList(round, round + 3)),
                    "rounds " + round + " to " + (round + 2) + ": " + unearnedHolders);
        }
    }

    @Test
    void oneThatRefusedOurDialGetsNoSlotNobodyEarnedButItsChanceAtTheOptimisticOne() {
        // 2 slots: "giver" earns one; the other is nobody's, and "refuser" (its listed address
        // refused this player's dial) never gets it, though it waited longest; "x" and "y", who
        // gave nothing either but did not refuse, take it. The optimistic draw is among all.
        Set<String> optimists = new HashSet<>();
        for (int seed = 0; seed < 40; seed++) {
            List<Candidate<String>> candidates = List.of(
                    new Candidate<>("giver", true, 700, false),
                    new Candidate<>("refuser", true, 0, false, true),
                    new Candidate<>("x", true, 0, false),
                    new Candidate<>("y", true, 0, false));
            UnchokeChooser<String> fresh = new UnchokeChooser<>(2, TURN, () -> Instant.ofEpochMilli(now));
            Choice<String> choice = fresh.choose(candidates, null, true, new Random(seed));
            Set<String> regular = new HashSet<>(choice.unchoke());
            regular.remove(choice.optimistic());
            assertEquals(2, regular.size(), "seed " + seed);
            assertTrue(regular.contains("giver"), "seed " + seed);
            assertFalse(regular.contains("refuser"), "seed " + seed);
            optimists.add(choice.optimistic());
        }
        assertTrue(optimists.contains("refuser"), "it is drawn as the optimistic unchoke as often as any other: " + optimists);
    }

    @Test
    void aSlotOnlyRefusersWantStaysEmptyExceptForTheOptimisticUnchoke() {
        List<Candidate<String>> candidates = List.of(
                new Candidate<>("giver", true, 700, true),
                new Candidate<>("r1", true, 0, true, true),
                new Candidate<>("r2", true, 0, false, true));
        Choice<String> choice = chooser.choose(candidates, null, true, new Random(5));
        assertEquals(2, choice.unchoke().size(), "giver and the optimistic one; the second regular slot stays free");
        assertTrue(choice.unchoke().contains("giver"));
        assertTrue(Set.of("r1", "r2").contains(choice.optimistic()));
    }

    @Test
    void aRefuserThatGivesThisPlayerBooksStillEarnsItsSlot() {
        // Its dial failed, but a link it opened earlier, or one opened since, brings books: what it gives counts.
        List<Candidate<String>> candidates = List.of(
                new Candidate<>("refusing giver", true, 900, false, true),
                new Candidate<>("x", true, 0, false),
                new Candidate<>("y", true, 0, false),
                new Candidate<>("z", true, 0, false));
        Choice<String> choice = chooser.choose(candidates, null, true, new Random(3));
        assertTrue(choice.unchoke().contains("refusing giver"));
        assertNotEquals("refusing giver", choice.optimistic());
    }
}
