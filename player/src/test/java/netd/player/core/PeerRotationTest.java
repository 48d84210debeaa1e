package netd.player.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which download link is given up for someone new, with the time passed in. */
class PeerRotationTest {
    private static final long PERIOD = 2_000;
    private static final long START = 1_000_000;

    private final PeerRotation<String> rotation = new PeerRotation<>(PERIOD, START);

    @Test
    void theLinkThatBroughtLeastOverThePeriodGoesNotTheOneWithLeastInAll() {
        assertNull(rotation.due(links(10_000, 5_000, 8_000), true, true, START + PERIOD), "the first look only counts");
        // a brought most in all, but nothing this period.
        assertEquals("a", rotation.due(links(10_000, 5_100, 9_000), true, true, START + 2 * PERIOD));
        assertEquals("b", rotation.due(links(20_000, 5_100, 9_500), true, true, START + 3 * PERIOD),
                "b brought nothing, a and c some");
    }

    @Test
    void nothingIsGivenUpBeforeThePeriodIsOver() {
        assertFalse(rotation.isDue(START + PERIOD - 1));
        rotation.due(links(0, 0, 0), true, true, START + PERIOD);
        assertFalse(rotation.isDue(START + 2 * PERIOD - 1), "a look starts the next period");
        assertNull(rotation.due(links(9, 9, 9), true, true, START + 2 * PERIOD - 1));
        assertTrue(rotation.isDue(START + 2 * PERIOD));
        assertEquals("a", rotation.due(links(9, 10, 10), true, true, START + 2 * PERIOD));
        assertNull(rotation.due(links(9, 10, 10), true, true, START + 2 * PERIOD + 1), "once a period");
    }

    @Test
    void nothingIsGivenUpWhileADownloadLinkIsFreeOrNobodyWaitsToBeTried() {
        rotation.due(links(0, 0, 0), true, true, START + PERIOD);
        assertNull(rotation.due(links(0, 5, 5), false, true, START + 2 * PERIOD), "a free link tries someone new anyway");
        assertNull(rotation.due(links(0, 10, 10), true, false, START + 3 * PERIOD), "nobody to try in its place");
        assertEquals("a", rotation.due(links(0, 15, 15), true, true, START + 4 * PERIOD), "the period's bytes, not those since the last give-up");
    }

    @Test
    void aLinkOpenLessThanAPeriodIsNotJudgedAndEqualsGoInTheOrderTheyOpened() {
        rotation.due(List.of(new PeerRotation.Link<>("old", 0, START, false)), true, true, START + PERIOD);
        List<PeerRotation.Link<String>> links = List.of(new PeerRotation.Link<>("old", 0, START, false),
                new PeerRotation.Link<>("new", 0, START + PERIOD + 1, false), new PeerRotation.Link<>("older", 0, START - 1, false));
        assertEquals("old", rotation.due(links, true, true, START + 2 * PERIOD), "new has not had a whole period");
        assertNull(new PeerRotation<String>(PERIOD, START).due(links, true, true, START + PERIOD), "none looked at before");
    }

    @Test
    void theOnlyLinkHoldingAWantedBookIsKeptHoweverLittleItBrought() {
        rotation.due(links(0, 0, 0), true, true, START + PERIOD);
        List<PeerRotation.Link<String>> links = List.of(new PeerRotation.Link<>("seeder", 0, 0, true),
                new PeerRotation.Link<>("b", 100, 0, false), new PeerRotation.Link<>("c", 200, 0, false));
        assertEquals("b", rotation.due(links, true, true, START + 2 * PERIOD));
        assertNull(rotation.due(List.of(new PeerRotation.Link<>("seeder", 0, 0, true)), true, true, START + 3 * PERIOD));
    }

    @Test
    void aPeriodMustLastSomeTime() {
        assertThrows(IllegalArgumentException.class, () -> new PeerRotation<String>(0, START));
    }

    /** Links a, b and c, open since long before, with these bytes brought in all. */
    private static List<PeerRotation.Link<String>> links(long a, long b, long c) {
        return List.of(new PeerRotation.Link<>("a", a, 0, false), new PeerRotation.Link<>("b", b, 0, false),
                new PeerRotation.Link<>("c", c, 0, false));
    }
}
