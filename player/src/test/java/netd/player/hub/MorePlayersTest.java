package netd.player.hub;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MorePlayersTest {
    @Test
    void aPlayerThatCameEarlyToAGrowingSwarmAsksAgainUntilTheSwarmHoldsItsSize() {
        MorePlayers wanted = new MorePlayers(8);
        assertTrue(wanted.afterAnswer(false, 10, 11), "the first answer: the swarm grew from nothing");
        assertTrue(wanted.afterAnswer(false, 50, 1001), "the flash crowd arrived meanwhile");
        assertFalse(wanted.afterAnswer(false, 50, 1001), "the same swarm: the interval");
        assertFalse(wanted.afterAnswer(false, 50, 1250), "a quarter more is not yet growth");
        assertTrue(wanted.afterAnswer(false, 50, 1600), "more than a quarter more");
    }

    @Test
    void fewerPlayersListedThanItDownloadsFromIsAlwaysAReasonToAskAgain() {
        MorePlayers wanted = new MorePlayers(8);
        wanted.afterAnswer(false, 3, 4);
        assertTrue(wanted.afterAnswer(false, 3, 4), "3 listed, the swarm as before");
        assertFalse(wanted.afterAnswer(false, 8, 5), "8 listed, the swarm grew by a quarter only: the interval");
    }

    @Test
    void aCompletePlayerNeverAsksEarly() {
        MorePlayers wanted = new MorePlayers(8);
        assertFalse(wanted.afterAnswer(true, 0, 1));
        assertFalse(wanted.afterAnswer(true, 50, 1000));
    }
}
