package netd.player.core;

import netd.player.PlayerTuning;

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
    private static final long CHOKED = 1_000;
    private static final long NEW_CHOKED = 2_000;
    private static final long UNCHOKING = PeerRotation.UNCHOKING;
    private static final long NEVER_UNCHOKED = PeerRotation.NEVER_UNCHOKED;

    private static final List<String> NONE = List.of();

    private final PeerRotation<String> rotation = new PeerRotation<>(PERIOD, CHOKED, NEW_CHOKED, START);

    @Test
    void theLinkThatBroughtLeastOverThePeriodGoesNotTheOneWithLeastInAll() {
        assertEquals(NONE, rotation.due(links(10_000, 5_000, 8_000), true, 1, START + PERIOD), "the first look only counts");
        // a brought most in all, but nothing this period.
        assertEquals(List.of("a"), rotation.due(links(10_000, 5_100, 9_000), true, 1, START + 2 * PERIOD));
        assertEquals(List.of("b"), rotation.due(links(20_000, 5_100, 9_500), true, 1, START + 3 * PERIOD),
                "b brought nothing, a and c some");
    }

    @Test
    void theSlowestIsGivenUpOnlyOnceAPeriodThoughTheLinksAreLookedAtMoreOften() {
        assertFalse(rotation.isDue(START + CHOKED - 1));
        assertTrue(rotation.isDue(START + CHOKED), "a look for links that keep this player choked");
        assertEquals(NONE, rotation.due(links(0, 0, 0), true, 1, START + CHOKED));
        assertEquals(NONE, rotation.due(links(0, 0, 0), true, 1, START + CHOKED + 1), "not due");
        assertEquals(NONE, rotation.due(links(0, 0, 0), true, 1, START + PERIOD), "the first period's look only counts");
        assertEquals(NONE, rotation.due(links(9, 10, 10), true, 1, START + PERIOD + CHOKED),
                "between periods, links that unchoke this player are kept however little they brought");
        assertEquals(List.of("a"), rotation.due(links(9, 10, 10), true, 1, START + 2 * PERIOD));
        assertFalse(rotation.isDue(START + 2 * PERIOD + CHOKED - 1));
        assertEquals(NONE, rotation.due(links(9, 10, 10), true, 1, START + 2 * PERIOD + 1), "once a period");
    }

    @Test
    void aLinkThatNeverUnchokedThisPlayerIsGivenUpOnceOpenAsLongAsANewLinkIsGiven() {
        // Unchoked ("ramping") and never-unchoked links, opened together between two looks.
        List<PeerRotation.Link<String>> links = List.of(new PeerRotation.Link<>("ramping", 0, START + 100, UNCHOKING, false),
                new PeerRotation.Link<>("choked", 0, START + 100, NEVER_UNCHOKED, false));
        assertEquals(NONE, rotation.due(links, true, 9, START + CHOKED));
        assertEquals(NONE, rotation.due(links, true, 9, START + PERIOD), "choked 1.9 s: a new link may take longer to be unchoked");
        assertEquals(List.of("choked"), rotation.due(links, true, 9, START + PERIOD + CHOKED),
                "choked for as long as a new link is given, between periods; the one that unchokes this player stays");
    }

    @Test
    void aLinkThatChokesThisPlayerAgainIsGivenUpOnceChokedForItsShorterTime() {
        PeerRotation<String> longPeriod = new PeerRotation<>(10 * PERIOD, CHOKED, NEW_CHOKED, START);
        // Open long before, it unchoked this player and choked it again half a second before the first look.
        List<PeerRotation.Link<String>> links = List.of(new PeerRotation.Link<>("rechoked", 500, 0, START + CHOKED - 500, false),
                link("b", 0));
        assertEquals(NONE, longPeriod.due(links, true, 9, START + CHOKED), "choked 0.5 s");
        assertEquals(List.of("rechoked"), longPeriod.due(links, true, 9, START + 2 * CHOKED),
                "choked 1.5 s, less than a new link is given; b unchokes this player, and the period is not over");
    }

    @Test
    void chokedLinksAreGivenUpOnlyWhileEveryDownloadLinkIsTakenAndACrowdWaitsToBeTried() {
        PeerRotation<String> longPeriod = new PeerRotation<>(10 * PERIOD, CHOKED, NEW_CHOKED, START);
        List<PeerRotation.Link<String>> links = List.of(new PeerRotation.Link<>("a", 0, 0, NEVER_UNCHOKED, false),
                new PeerRotation.Link<>("b", 0, 0, START - CHOKED, false), new PeerRotation.Link<>("c", 0, 0, NEVER_UNCHOKED, false),
                new PeerRotation.Link<>("kept", 0, 0, NEVER_UNCHOKED, true));
        assertEquals(NONE, longPeriod.due(links, false, 9, START + CHOKED), "a free link tries someone new anyway");
        assertEquals(NONE, longPeriod.due(links, true, 0, START + 2 * CHOKED), "nobody to try in their place");
        int crowd = PlayerTuning.CROWD_WAITING_PER_LINK * links.size();
        assertEquals(NONE, longPeriod.due(links, true, crowd - 1, START + 3 * CHOKED),
                "too few players to try for a crowd: a small swarm, where those tried instead are as crowded");
        assertEquals(List.of("a", "b", "c"), longPeriod.due(links, true, crowd, START + 4 * CHOKED), "never one kept");
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
        rotation.due(List.of(new PeerRotation.Link<>("old", 0, START, UNCHOKING, false)), true, 1, START + PERIOD);
        List<PeerRotation.Link<String>> links = List.of(new PeerRotation.Link<>("old", 0, START, UNCHOKING, false),
                new PeerRotation.Link<>("new", 0, START + PERIOD + 1, UNCHOKING, false), new PeerRotation.Link<>("older", 0, START - 1, UNCHOKING, false));
        assertEquals(List.of("old"), rotation.due(links, true, 1, START + 2 * PERIOD), "new has not had a whole period");
        assertEquals(NONE, new PeerRotation<String>(PERIOD, CHOKED, NEW_CHOKED, START).due(links, true, 1, START + PERIOD), "none looked at before");
    }

    @Test
    void theOnlyLinkHoldingAWantedBookIsKeptHoweverLittleItBrought() {
        rotation.due(links(0, 0, 0), true, 1, START + PERIOD);
        List<PeerRotation.Link<String>> links = List.of(new PeerRotation.Link<>("seeder", 0, 0, UNCHOKING, true),
                new PeerRotation.Link<>("b", 100, 0, UNCHOKING, false), new PeerRotation.Link<>("c", 200, 0, UNCHOKING, false));
        assertEquals(List.of("b"), rotation.due(links, true, 1, START + 2 * PERIOD));
        assertEquals(NONE, rotation.due(List.of(new PeerRotation.Link<>("seeder", 0, 0, UNCHOKING, true)), true, 1, START + 3 * PERIOD));
    }

    @Test
    void everyLinkThatBroughtNothingGoesWithTheSlowestWhilePlayersWaitToBeTriedInTheirPlace() {
        List<PeerRotation.Link<String>> first = List.of(link("a", 0), link("b", 0), link("c", 0), link("d", 0), link("e", 0));
        rotation.due(first, true, 9, START + PERIOD);
        // a and c were choked all period; d brought a little, b and e more.
        List<PeerRotation.Link<String>> links = List.of(link("a", 0), link("b", 500), link("c", 0), link("d", 10), link("e", 900));
        assertEquals(List.of("a", "c"), rotation.due(links, true, 9, START + 2 * PERIOD), "not d: it brought something");

        PeerRotation<String> few = new PeerRotation<>(PERIOD, CHOKED, NEW_CHOKED, START);
        few.due(first, true, 9, START + PERIOD);
        assertEquals(List.of("a"), few.due(links, true, 1, START + 2 * PERIOD), "one player to try: one link given up");
    }

    @Test
    void aChokedLinkThatIsTheOnlySourceOfABookIsGivenUpOnceTheCallerNoLongerKeepsIt() {
        rotation.due(links(0, 0, 0), true, 9, START + PERIOD);
        // The caller keeps a link only while it unchokes this player (PlayerCore.rotatePeers).
        List<PeerRotation.Link<String>> unchoking = List.of(new PeerRotation.Link<>("a", 0, 0, UNCHOKING, true), link("b", 100), link("c", 0));
        assertEquals(List.of("c"), rotation.due(unchoking, true, 9, START + 2 * PERIOD));
        List<PeerRotation.Link<String>> choking = List.of(link("a", 0), link("b", 200), link("c", 0));
        assertEquals(List.of("a", "c"), rotation.due(choking, true, 9, START + 3 * PERIOD));
    }

    @Test
    void periodsMustLastSomeTimeAndANewLinkBeGivenAtLeastAsLongAsOneChokedAgain() {
        assertThrows(IllegalArgumentException.class, () -> new PeerRotation<String>(0, CHOKED, NEW_CHOKED, START));
        assertThrows(IllegalArgumentException.class, () -> new PeerRotation<String>(PERIOD, 0, NEW_CHOKED, START));
        assertThrows(IllegalArgumentException.class, () -> new PeerRotation<String>(PERIOD, CHOKED, CHOKED - 1, START));
    }

    /** A link open since long before, not kept, with these bytes brought in all. */
    private static PeerRotation.Link<String> link(String key, long bytes) {
        return new PeerRotation.Link<>(key, bytes, 0, UNCHOKING, false);
    }

    /** Links a, b and c, open since long before, with these bytes brought in all. */
    private static List<PeerRotation.Link<String>> links(long a, long b, long c) {
        return List.of(new PeerRotation.Link<>("a", a, 0, UNCHOKING, false), new PeerRotation.Link<>("b", b, 0, UNCHOKING, false),
                new PeerRotation.Link<>("c", c, 0, UNCHOKING, false));
    }
}
