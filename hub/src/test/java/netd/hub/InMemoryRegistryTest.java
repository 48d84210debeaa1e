package netd.hub;

import netd.common.id.InfoHash;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryRegistryTest {
    private static final InfoHash STUFF = InfoHash.of(new byte[20]);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final InMemoryRegistry registry = new InMemoryRegistry();

    @Test
    void removalInTheMiddleKeepsEveryOtherPlayerFindable() {
        for (int i = 0; i < 5; i++) {
            registry.put(registration(i, T0, i % 2 == 0));
        }
        registry.remove(registration(1, T0, false).key());
        registry.remove(registration(0, T0, true).key());

        List<Registration> all = registry.randomPlayers(STUFF, 10, new SplittableRandom(1));
        assertEquals(3, new HashSet<>(all).size());
        assertEquals(new HubRegistry.SwarmCounts(2, 1), registry.counts(STUFF));
        assertEquals(3, registry.size());
    }

    @Test
    void expiryTakesTheLeastRecentlySeenAndAReannounceMovesAPlayerBack() {
        registry.put(registration(1, T0, false));
        registry.put(registration(2, T0.plusSeconds(1), false));
        registry.put(registration(1, T0.plusSeconds(2), false));

        List<Registration> expired = registry.removeSeenBefore(T0.plusSeconds(2));
        assertEquals(List.of(registration(2, T0.plusSeconds(1), false)), expired);
        assertEquals(1, registry.size());
    }

    @Test
    void aJoiningPlayerIsListedTheNewestHalfFirstAndOneAskingAgainADrawAcrossTheSwarm() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            registry.register(registration(i, T0, false), 50, random);
        }
        List<Integer> joining = ports(registry.register(registration(1000, T0, false), 50, random));
        List<Integer> again = ports(registry.register(registration(60, T0.plusSeconds(1), false), 50, random));

        assertEquals(java.util.stream.IntStream.iterate(7999, p -> p - 1).limit(25).boxed().toList(), joining.subList(0, 25));
        assertEquals(50, new HashSet<>(again).size());
        assertTrue(again.stream().filter(p -> p >= 7975).count() < 10, "not the newest 25 first: " + again);
    }

    private static List<Integer> ports(HubRegistry.Announced announced) {
        return announced.candidates().players().stream().map(Registration::port).toList();
    }

    @Test
    void anAnnounceMovesItsPlayerBehindTheOthersAndKeepsItsIndexes() {
        SplittableRandom random = new SplittableRandom(1);
        registry.register(registration(1, T0, false), 50, random);
        registry.register(registration(2, T0.plusSeconds(1), false), 50, random);
        registry.register(registration(3, T0.plusSeconds(2), false), 50, random);
        HubRegistry.Announced again = registry.register(registration(1, T0.plusSeconds(3), true), 50, random);

        assertEquals(registration(1, T0, false), again.previous());
        assertEquals(List.of(registration(2, T0.plusSeconds(1), false), registration(3, T0.plusSeconds(2), false)),
                registry.removeSeenBefore(T0.plusSeconds(3)));
        assertEquals(List.of(registration(1, T0.plusSeconds(3), true)), registry.ofConnection(1));
        assertEquals(List.of(registration(1, T0.plusSeconds(3), true)), registry.at("127.0.0.1", 7001));
        assertEquals(new HubRegistry.SwarmCounts(1, 0), registry.counts(STUFF));
    }

    @Test
    void theLastPlayerLeavingRemovesItsSwarmAndIndexes() {
        registry.put(registration(1, T0, true));
        registry.remove(registration(1, T0, true).key());

        assertEquals(HubRegistry.SwarmCounts.EMPTY, registry.counts(STUFF));
        assertEquals(List.of(), registry.ofConnection(1));
        assertEquals(List.of(), registry.at("127.0.0.1", 7001));
        assertNull(registry.find(registration(1, T0, true).key()));
    }

    private static Registration registration(int player, Instant seen, boolean complete) {
        return new Registration(new PlayerKey(STUFF, RegistrarTest.player(player)), "127.0.0.1", 7000 + player, complete,
                seen, player);
    }
}
