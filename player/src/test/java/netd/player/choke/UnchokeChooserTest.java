package netd.player.choke;

import netd.player.choke.UnchokeChooser.Candidate;
import netd.player.choke.UnchokeChooser.Choice;
import org.junit.jupiter.api.Test;

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
    private final UnchokeChooser<String> chooser = new UnchokeChooser<>(2);

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
}
