package netd.hub.redis;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutageTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final Outage outage = new Outage();

    @Test
    void onlyTheFirstFailureOfAnOutageIsWorthAWarning() {
        assertTrue(outage.failed(T0));
        assertFalse(outage.failed(T0.plusSeconds(1)));
        assertFalse(outage.failed(T0.plusSeconds(3)));
        assertEquals(Duration.ofSeconds(4), outage.succeeded(T0.plusSeconds(4)));

        assertTrue(outage.failed(T0.plusSeconds(10)), "a new outage is warned of again");
    }

    @Test
    void whileUpEveryCallMayTryAndSuccessEndsNothing() {
        assertTrue(outage.mayTry(T0));
        assertNull(outage.succeeded(T0));
        assertFalse(outage.isOn());
    }

    @Test
    void retriesAreSpacedByADoublingDelayUpToTheLast() {
        Instant now = T0;
        outage.failed(now);
        Duration expected = Outage.FIRST_RETRY;
        for (int attempt = 0; attempt < 10; attempt++) {
            assertFalse(outage.mayTry(now.plus(expected).minusMillis(1)), "attempt " + attempt + " too early");
            now = now.plus(expected);
            assertTrue(outage.mayTry(now));
            outage.failed(now);
            expected = expected.multipliedBy(2).compareTo(Outage.LAST_RETRY) > 0 ? Outage.LAST_RETRY : expected.multipliedBy(2);
        }
        assertEquals(Outage.LAST_RETRY, expected);
    }

    @Test
    void aNewOutageStartsFromTheFirstDelay() {
        for (int i = 0; i < 8; i++) {
            outage.failed(T0.plusSeconds(i));
        }
        outage.succeeded(T0.plusSeconds(60));
        outage.failed(T0.plusSeconds(61));

        assertTrue(outage.mayTry(T0.plusSeconds(61).plus(Outage.FIRST_RETRY)));
    }
}
