package netd.player.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateTest {
    private final Rate rate = new Rate();

    @Test
    void eachRoundCountsHalfAsMuchAsTheOneAfterIt() {
        assertEquals(0, rate.perRound());
        rate.roundEnded(1000);
        assertEquals(500, rate.perRound());
        rate.roundEnded(2000);
        assertEquals(750, rate.perRound());
        rate.roundEnded(2000);
        assertEquals(375, rate.perRound(), "a quiet round halves it");
    }

    @Test
    void aPeerThatStopsSendingFallsBehindOneThatGoesOn() {
        Rate steady = new Rate();
        for (int round = 1; round <= 10; round++) {
            rate.roundEnded(Math.min(round, 5) * 10_000L);
            steady.roundEnded(round * 1_000L);
        }
        assertTrue(steady.perRound() > rate.perRound(), steady.perRound() + " vs " + rate.perRound());
    }
}
