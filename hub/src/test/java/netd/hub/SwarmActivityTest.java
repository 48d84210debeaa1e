package netd.hub;

import netd.common.id.InfoHash;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SwarmActivityTest {
    private static final InfoHash STUFF = InfoHash.of(new byte[20]);
    private static final InfoHash OTHER = InfoHash.of(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});

    @Test
    void countsTheAnnouncesOfTheLastSixtySecondsPerSwarm() {
        SwarmActivity activity = new SwarmActivity();
        activity.announced(STUFF, 1000);
        activity.announced(STUFF, 1000);
        activity.announced(STUFF, 1030);
        activity.announced(OTHER, 1030);
        assertEquals(3, activity.lastMinute(STUFF, 1030));
        assertEquals(3, activity.lastMinute(STUFF, 1059), "second 1000 is 59 s old: still in the minute");
        assertEquals(1, activity.lastMinute(STUFF, 1060), "second 1000 is a minute old: out");
        assertEquals(0, activity.lastMinute(STUFF, 1090));
        assertEquals(1, activity.lastMinute(OTHER, 1030));
        assertEquals(0, activity.lastMinute(InfoHash.of(new byte[] {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), 1030));
    }

    @Test
    void aSlotUsedAgainAMinuteLaterStartsFromZero() {
        SwarmActivity activity = new SwarmActivity();
        activity.announced(STUFF, 1000);
        activity.announced(STUFF, 1000);
        activity.announced(STUFF, 1060); // the same slot as second 1000
        assertEquals(1, activity.lastMinute(STUFF, 1060));
    }

    @Test
    void swarmsSilentForAMinuteAreForgotten() {
        SwarmActivity activity = new SwarmActivity();
        activity.announced(STUFF, 1000);
        activity.announced(OTHER, 1050);
        activity.forgetSilent(1059);
        assertEquals(2, activity.size(), "nothing silent for a minute yet");
        activity.forgetSilent(1200);
        assertEquals(0, activity.size());
    }
}
