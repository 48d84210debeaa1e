package netd.hub;

import netd.common.wire.HubMessage.Event;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AnnounceCountsTest {
    @Test
    void aLatencyGoesToTheFirstBucketItDoesNotExceed() {
        AnnounceCounts counts = new AnnounceCounts();
        counts.answered(50_000);        // 50 µs: the first bound, included
        counts.answered(50_001);
        counts.answered(5_000_000_000L); // 5 s: past every finite bound
        long[] expected = new long[AnnounceCounts.LATENCY_BOUNDS.length];
        expected[0] = 1;
        expected[1] = 1;
        expected[expected.length - 1] = 1;
        AnnounceCounts.Snapshot snapshot = counts.snapshot();
        assertArrayEquals(expected, snapshot.latencies());
        assertEquals(3, snapshot.latencyCount());
        assertEquals(5.000100001, snapshot.latencySeconds(), 1e-12);
    }

    @Test
    void failuresAreAnswersWithoutALatency() {
        AnnounceCounts counts = new AnnounceCounts();
        counts.announced(Event.START);
        counts.announced(Event.START);
        counts.announced(Event.STOPPED);
        counts.answered(1_000);
        counts.failed();
        AnnounceCounts.Snapshot snapshot = counts.snapshot();
        assertEquals(2, snapshot.announces(Event.START));
        assertEquals(1, snapshot.announces(Event.STOPPED));
        assertEquals(0, snapshot.announces(Event.COMPLETED));
        assertEquals(2, snapshot.answers());
        assertEquals(1, snapshot.failures());
        assertEquals(1, snapshot.latencyCount());
    }

    @Test
    void aSnapshotDoesNotChangeWithLaterCounts() {
        AnnounceCounts counts = new AnnounceCounts();
        AnnounceCounts.Snapshot before = counts.snapshot();
        counts.announced(Event.START);
        counts.answered(1_000);
        assertEquals(0, before.announces(Event.START));
        assertEquals(0, before.latencyCount());
    }
}
