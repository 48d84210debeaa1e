package netd.hub;

import netd.common.id.InfoHash;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an answer lists of a swarm: first those lately given the asker's entry (listed back), then to a
 * joining player the newest half first, to one asking again a run from a random place; the rest at
 * random; never the asker.
 */
class SwarmMembersTest {
    private static final InfoHash STUFF = InfoHash.of(new byte[20]);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SwarmMembers swarm = new SwarmMembers();
    private final RandomSample sample = new RandomSample();

    @Test
    void theNewestHalfComesFirstNewestFirstAndTheRestIsDrawnAmongTheOthers() {
        join(100);
        List<Integer> listed = numbers(swarm.others(-1, 50, true, sample, new SplittableRandom(1)));

        assertEquals(IntStream.iterate(99, i -> i - 1).limit(25).boxed().toList(), listed.subList(0, 25));
        List<Integer> drawn = listed.subList(25, 50);
        assertEquals(25, new HashSet<>(drawn).size(), "distinct");
        assertTrue(drawn.stream().allMatch(n -> n < 75), "drawn among those not listed as the newest: " + drawn);
        assertNotEquals(drawn, numbers(swarm.others(-1, 50, true, sample, new SplittableRandom(2))).subList(25, 50),
                "another draw, other players");
    }

    @Test
    void aMemberAskingAgainIsListedARunFromARandomPlaceAndTheRestAtRandom() {
        join(1000);
        List<Integer> listed = numbers(swarm.others(60, 50, false, sample, new SplittableRandom(1)));

        assertEquals(50, new HashSet<>(listed).size(), "distinct");
        assertFalse(listed.contains(60), "never the asker");
        List<Integer> run = listed.subList(0, 25);
        for (int i = 1; i < 25; i++) {
            int next = (run.get(i - 1) + 1) % 1000;
            assertEquals(next == 60 ? 61 : next, run.get(i), "a run of neighbours (the asker's place skipped): " + run);
        }
        assertNotEquals(IntStream.iterate(999, i -> i - 1).limit(25).boxed().toList(), run, "not the newest");
        List<Integer> elsewhere = numbers(swarm.others(60, 50, false, sample, new SplittableRandom(2))).subList(0, 25);
        assertNotEquals(run.getFirst(), elsewhere.getFirst(), "another draw, another place");
        assertTrue(listed.subList(25, 50).stream().noneMatch(run::contains), "the rest drawn among the others");
        List<Integer> joining = numbers(swarm.others(60, 50, true, sample, new SplittableRandom(1)));
        assertEquals(IntStream.iterate(999, i -> i - 1).limit(25).boxed().toList(), joining.subList(0, 25),
                "a joining player is listed the newest half first");
    }

    @Test
    void aMemberAskingAgainIsAlwaysListedTheNewestMemberButItself() {
        join(1000);
        for (int seed = 1; seed <= 20; seed++) {
            List<Integer> listed = numbers(swarm.others(60, 50, false, sample, new SplittableRandom(seed)));
            assertEquals(50, new HashSet<>(listed).size(), "distinct: " + listed);
            assertTrue(listed.contains(999), "the newest member, seed " + seed + ": " + listed);
            assertFalse(listed.contains(60), "never the asker");
        }
        List<Integer> newestAsking = numbers(swarm.others(999, 50, false, sample, new SplittableRandom(1)));
        assertEquals(50, new HashSet<>(newestAsking).size());
        assertTrue(newestAsking.contains(998), "the newest but the asker: " + newestAsking);
        assertFalse(newestAsking.contains(999), "never the asker");
    }

    @Test
    void aRunFromARandomPlaceGoesRoundSoThatEveryMemberIsInSomeRun() {
        join(10);
        Set<Integer> inARun = new HashSet<>();
        for (int seed = 1; seed <= 60; seed++) {
            List<Integer> listed = numbers(swarm.others(-1, 4, false, sample, new SplittableRandom(seed)));
            assertEquals(4, new HashSet<>(listed).size(), "distinct: " + listed);
            assertEquals((listed.get(0) + 1) % 10, listed.get(1), "a run of two, round from 9 to 0: " + listed);
            inARun.addAll(listed.subList(0, 2));
        }
        assertEquals(IntStream.range(0, 10).boxed().collect(java.util.stream.Collectors.toSet()), inARun,
                "the last members too, not only the newest's run");
    }

    @Test
    void anAnswerThatListsEveryOtherMemberDrawsNoRunAskingAgainOrNot() {
        join(7);
        int asker = swarm.position(RegistrarTest.player(3));
        assertEquals(numbers(swarm.others(asker, 50, true, sample, new SplittableRandom(1))),
                numbers(swarm.others(asker, 50, false, sample, new SplittableRandom(1))));
    }

    @Test
    void theAskerIsNeverListedWhereverItStands() {
        join(100);
        for (int asker : new int[] {99, 80, 0}) {
            List<Integer> listed = numbers(swarm.others(asker, 50, true, sample, new SplittableRandom(asker)));
            assertEquals(50, new HashSet<>(listed).size());
            assertFalse(listed.contains(asker), "asker " + asker + " in " + listed);
        }
        List<Integer> newest = numbers(swarm.others(99, 50, true, sample, new SplittableRandom(3))).subList(0, 25);
        assertEquals(IntStream.iterate(98, i -> i - 1).limit(25).boxed().toList(), newest, "the newest after the asker");
    }

    @Test
    void aSwarmSmallerThanAnAnswerIsListedWholeButTheAsker() {
        join(7);
        List<Integer> listed = numbers(swarm.others(swarm.position(RegistrarTest.player(3)), 50, true, sample, new SplittableRandom(1)));
        assertEquals(List.of(6, 5, 4), listed.subList(0, 3), "half of the six, newest first");
        assertEquals(Set.of(0, 1, 2, 4, 5, 6), new HashSet<>(listed));
        assertEquals(6, listed.size());
    }

    @Test
    void theNewestMovedIntoALeaversPlaceIsNoLongerListedAsTheNewest() {
        join(10);
        swarm.remove(RegistrarTest.player(2)); // player 9 moves into position 2
        List<Integer> listed = numbers(swarm.others(-1, 4, true, sample, new SplittableRandom(1)));
        assertEquals(List.of(8, 7), listed.subList(0, 2));
        assertEquals(4, new HashSet<>(listed).size());
    }

    @Test
    void aMemberIsListedBackTheLatestAskersGivenItsEntryNewestFirstUpToHalfAnAnswer() {
        join(100);
        // The newest member (99) is listed to every member asking again: 0..39 are given its entry.
        for (int asker = 0; asker < 40; asker++) {
            assertTrue(ask(asker).contains(99));
        }
        List<Integer> listed = ask(99);

        assertEquals(IntStream.iterate(39, i -> i - 1).limit(25).boxed().toList(), listed.subList(0, 25),
                "the newest askers first, half the answer");
        assertEquals(50, new HashSet<>(listed).size(), "distinct");
        assertFalse(listed.contains(99));
    }

    @Test
    void theRestOfTheAnswerRemembersTheAskerButThoseListedBackDoNot() {
        join(100);
        List<Integer> first = ask(10);
        int given = first.get(30) == 99 ? first.get(31) : first.get(30);
        List<Integer> givensAnswer = ask(given);
        assertEquals(10, givensAnswer.get(0), "player " + given + " was given 10's entry: 10 first");

        int other = givensAnswer.get(40) == 99 ? givensAnswer.get(41) : givensAnswer.get(40);
        assertEquals(given, ask(other).get(0), other + " was given " + given + "'s entry in the rest of its answer");
        // 10 was listed back to `given`, which is not remembered: 10 is listed nobody back, as at first.
        assertEquals(first, ask(10), "a pair does not keep itself listed back");
    }

    @Test
    void aLeaverIsNotListedBackAndAMemberMovedIntoItsPlaceKeepsWhomItWasGivenTo() {
        join(100);
        for (int asker = 0; asker < 5; asker++) {
            ask(asker); // each lists 99, the newest
        }
        swarm.remove(RegistrarTest.player(3));
        swarm.remove(RegistrarTest.player(0)); // 99 moves into position 0
        List<Integer> listed = numbers(swarm.others(swarm.position(RegistrarTest.player(99)), 50, false, sample,
                new SplittableRandom(7)));

        assertEquals(List.of(4, 2, 1), listed.subList(0, 3), "99's askers but the two that left, newest first");
        assertFalse(listed.contains(0) || listed.contains(3), "no leaver: " + listed);
    }

    @Test
    void aNewSampleOfTheSwarmKeepsWhomEachMemberWasGivenTo() {
        join(100);
        ask(5);
        ask(6);
        SwarmMembers newer = new SwarmMembers();
        for (int i = 99; i >= 0; i--) { // another order: positions mean nothing across samples
            newer.put(new Registration(new PlayerKey(STUFF, RegistrarTest.player(i)), "10.0.0.1", 7000 + i, false, T0, i));
        }
        newer.keepListedToOf(swarm);

        List<Integer> listed = numbers(newer.others(newer.position(RegistrarTest.player(99)), 50, false, sample,
                new SplittableRandom(1)));
        assertEquals(List.of(6, 5), listed.subList(0, 2));
    }

    /** The answer to the member that joined as player {@code number}, asking again. */
    private List<Integer> ask(int number) {
        return numbers(swarm.others(swarm.position(RegistrarTest.player(number)), 50, false, sample,
                new SplittableRandom(number * 31L + 7)));
    }

    private void join(int players) {
        for (int i = 0; i < players; i++) {
            swarm.put(new Registration(new PlayerKey(STUFF, RegistrarTest.player(i)), "10.0.0.1", 7000 + i, false, T0, i));
        }
    }

    /** Each listed player's number, in the answer's order. */
    private static List<Integer> numbers(Listing listing) {
        return listing.players().stream().map(registration -> registration.port() - 7000).toList();
    }
}
