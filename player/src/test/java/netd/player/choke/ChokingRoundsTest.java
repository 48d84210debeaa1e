package netd.player.choke;

import netd.player.choke.UnchokeChooser.Candidate;
import netd.player.choke.UnchokeChooser.Choice;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChokingRoundsTest {
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private long millis = 1_000_000;
    private final InstantSource clock = () -> Instant.ofEpochMilli(millis);
    private final ChokingRounds<String> rounds = new ChokingRounds<>(2, INTERVAL, clock);
    private final SplittableRandom random = new SplittableRandom(5);
    private final List<String> downloaders = List.of("a", "b", "c", "d", "e", "f");
    private Set<String> unchoked = Set.of();

    @Test
    void whileDownloadingTheOptimisticUnchokeMovesOnEveryThirdRound() {
        String first = round(false).optimistic();
        assertNotNull(first, "round 1 draws one");
        assertEquals(first, round(false).optimistic(), "round 2 keeps it");
        String third = round(false).optimistic();
        assertNotEquals(first, third, "round 3 gives it to another");
        assertEquals(third, round(false).optimistic());
        assertEquals(third, round(false).optimistic());
        assertNotEquals(third, round(false).optimistic(), "round 6 again");
    }

    @Test
    void anOptimisticUnchokeWhoseLinkClosedIsReplacedAtTheNextRound() {
        String first = round(false).optimistic();
        rounds.closed(first);
        List<String> left = new ArrayList<>(downloaders);
        left.remove(first);
        Choice<String> next = rounds.next(candidates(left), false, random);
        assertNotNull(next.optimistic(), "round 2 draws another, though it is no rotation round");
        assertNotEquals(first, next.optimistic());
    }

    @Test
    void whileSeedingFourTimesTheSlotsAndTheOptimisticOneGoInTurnsWithNoOptimisticUnchoke() {
        List<String> many = IntStream.range(0, 30).mapToObj(i -> "d" + i).toList();
        Set<String> served = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            Choice<String> choice = rounds.next(candidates(many), true, random);
            unchoked = choice.unchoke();
            millis += INTERVAL.toMillis();
            assertNull(choice.optimistic());
            assertEquals(12, choice.unchoke().size(), "4 x (the two slots and the optimistic one)");
            served.addAll(choice.unchoke());
        }
        assertEquals(new HashSet<>(many), served, "every one had a turn");
        assertEquals(12, ChokingRounds.seedingSlots(2, 30), "half of 30, at most 4 x 3");
        assertEquals(8, ChokingRounds.seedingSlots(2, 16), "half of 16");
        assertEquals(3, round(true).unchoke().size(), "six downloaders: half of them, a leecher's 3 slots");
    }

    @Test
    void aLeecherKeepsThoseWhoGiveMost() {
        for (int i = 0; i < 6; i++) {
            List<Candidate<String>> candidates = new ArrayList<>();
            for (String downloader : downloaders) {
                long rate = downloader.equals("c") ? 5000 : downloader.equals("e") ? 3000 : 0;
                candidates.add(new Candidate<>(downloader, true, rate, unchoked.contains(downloader)));
            }
            Choice<String> choice = rounds.next(candidates, false, random);
            assertTrue(choice.unchoke().containsAll(Set.of("c", "e")), choice.toString());
            assertTrue(choice.unchoke().size() <= 3, choice.toString());
            unchoked = choice.unchoke();
            millis += INTERVAL.toMillis();
        }
    }

    private Choice<String> round(boolean seeding) {
        Choice<String> choice = rounds.next(candidates(downloaders), seeding, random);
        unchoked = choice.unchoke();
        millis += INTERVAL.toMillis();
        return choice;
    }

    private List<Candidate<String>> candidates(List<String> keys) {
        return keys.stream().map(key -> new Candidate<>(key, true, 0L, unchoked.contains(key))).toList();
    }
}
