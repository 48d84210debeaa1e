package netd.player.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which download link is given up for someone new, with the time passed in. */
class PeerRotationTest {
    private static final long PERIOD = 2_000;
    private static final long START = 1_000_000;

    private static final List<String> NONE = List.of();

    private final PeerRotation<String> rotation = new PeerRotation<>(PERIOD, START);

    @Test
    void theLinkThatBroughtLeastOverThePeriodGoesNotTheOneWithLeastInAll() {
        assertEquals(NONE, rotation.due(links(10_000, 5_000, 8_000), true, 1, START + PERIOD), "the first look only counts");
        // a brought most in all, but nothing this period.
        assertEquals(List.of("a"), rotation.due(links(10_000, 5_100, 9_000), true, 1, START + 2 * PERIOD));
        assertEquals(List.of("b"), rotation.due(links(20_000, 5_100, 9_500), true, 1, START + 3 * PERIOD),
                "b brought nothing, a and c some");
    }

    @Test
    void nothingIsGivenUpBeforeThePeriodIsOver() {
        assertFalse(rotation.isDue(START + PERIOD - 1));
        rotation.due(links(0, 0, 0), true, 1, START + PERIOD);
        assertFalse(rotation.isDue(START + 2 * PERIOD - 1), "a look starts the next period");
        assertEquals(NONE, rotation.due(links(9, 9, 9), true, 1, START + 2 * PERIOD - 1));
        assertTrue(rotation.isDue(START + 2 * PERIOD));
        assertEquals(List.of("a"), rotation.due(links(9, 10, 10), true, 1, START + 2 * PERIOD));
        assertEquals(NONE, rotation.due(links(9, 10, 10), true, 1, START + 2 * PERIOD + 1), "once a period");
    }

    @Test
    void nothingIsGivenUpWhileADownloadLinkIsFreeOrNobodyWaitsToBeTried() {
        rotation.due(links(0, 0, 0), true, 1, START + PERIOD);
        assertEquals(NONE, rotation.due(links(0, 5, 5), false, 1, START + 2 * PERIOD), "a free link tries someone new anyway");
        assertEquals(NONE, rotation.due(links(0, 10, 10), true, 0, START + 3 * PERIOD), "nobody to try in its place");
        assertEquals(List.of("a"), rotation.due(links(0, 15, 15), true, 1, START + 4 * PERIOD), "the period's bytes, not those since the last give-up");
    }

    @Test
    void aLinkOpenLessThanAPeriodIsNotJudgedAndEqualsGoInTheOrderTheyOpened() {
        rotation.due(List.of(new PeerRotation.Link<>("old", 0, START, false)), true, 1, START + PERIOD);
        List<PeerRotation.Link<String>> links = List.of(new PeerRotation.Link<>("old", 0, START, false),
                new PeerRotation.Link<>("new", 0, START + PERIOD + 1, false), new PeerRotation.Link<>("older", 0, START - 1, false));
        assertEquals(List.of("old"), rotation.due(links, true, 1, START + 2 * PERIOD), "new has not had a whole period");
        assertEquals(NONE, new PeerRotation<String>(PERIOD, START).due(links, true, 1, START + PERIOD), "none looked at before");
    }

    @Test
    void theOnlyLinkHoldingAWantedBookIsKeptHoweverLittleItBrought() {
        rotation.due(links(0, 0, 0), true, 1, START + PERIOD);
        List<PeerRotation.Link<String>> links = List.of(new PeerRotation.Link<>("seeder", 0, 0, true),
                new PeerRotation.Link<>("b", 100, 0, false), new PeerRotation.Link<>("c", 200, 0, false));
        assertEquals(List.of("b"), rotation.due(links, true, 1, START + 2 * PERIOD));
        assertEquals(NONE, rotation.due(List.of(new PeerRotation.Link<>("seeder", 0, 0, true)), true, 1, START + 3 * PERIOD));
    }

    @Test
    void everyLinkThatBroughtNothingGoesWithTheSlowestWhilePlayersWaitToBeTriedInTheirPlace() {
        List<PeerRotation.Link<String>> first = List.of(link("a", 0), link("b", 0), link("c", 0), link("d", 0), link("e", 0));
        rotation.due(first, true, 9, START + PERIOD);
        // a and c were choked all period; d brought a little, b and e more.
        List<PeerRotation.Link<String>> links = List.of(link("a", 0), link("b", 500), link("c", 0), link("d", 10), link("e", 900));
        assertEquals(List.of("a", "c"), rotation.due(links, true, 9, START + 2 * PERIOD), "not d: it brought something");

        PeerRotation<String> few = new PeerRotation<>(PERIOD, START);
        few.due(first, true, 9, START + PERIOD);
        assertEquals(List.of("a"), few.due(links, true, 1, START + 2 * PERIOD), "one player to try: one link given up");
    }

    @Test
    void aChokedLinkThatIsTheOnlySourceOfABookIsGivenUpOnceTheCallerNoLongerKeepsIt() {
        rotation.due(links(0, 0, 0), true, 9, START + PERIOD);
        // The caller keeps a link only while it unchokes this player (PlayerCore.rotatePeers).
        List<PeerRotation.Link<String>> unchoking = List.of(new PeerRotation.Link<>("a", 0, 0, true), link("b", 100), link("c", 0));
        assertEquals(List.of("c"), rotation.due(unchoking, true, 9, START + 2 * PERIOD));
        List<PeerRotation.Link<String>> choking = List.of(link("a", 0), link("b", 200), link("c", 0));
        assertEquals(List.of("a", "c"), rotation.due(choking, true, 9, START + 3 * PERIOD));
    }

    @Test
    void aPeriodMustLastSomeTime() {
        assertThrows(IllegalArgumentException.class, () -> new PeerRotation<String>(0, START));
    }

    /** A link open since long before, not kept, with these bytes brought in all. */
    private static PeerRotation.Link<String> link(String key, long bytes) {
        return new PeerRotation.Link<>(key, bytes, 0, false);
    }

    /** Links a, b and c, open since long before, with these bytes brought in all. */
    private static List<PeerRotation.Link<String>> links(long a, long b, long c) {
        return List.of(new PeerRotation.Link<>("a", a, 0, false), new PeerRotation.Link<>("b", b, 0, false),
                new PeerRotation.Link<>("c", c, 0, false));
    }
}
