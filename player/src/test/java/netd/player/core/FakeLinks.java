package netd.player.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Links as a test says they are, for a {@link PlayerCore} driven without a manager: named by strings. */
final class FakeLinks implements LinkGauge<String> {
    final Set<String> open = new HashSet<>();
    final Map<String, Integer> queued = new HashMap<>();
    final Map<String, Long> unwrittenBookBytes = new HashMap<>();
    int freeSlots;

    FakeLinks(int freeSlots) {
        this.freeSlots = freeSlots;
    }

    @Override
    public boolean isOpen(String link) {
        return open.contains(link);
    }

    @Override
    public int queued(String link) {
        return queued.getOrDefault(link, 0);
    }

    @Override
    public long unwrittenBookBytes(String link) {
        return unwrittenBookBytes.getOrDefault(link, 0L);
    }

    @Override
    public int freeSlots() {
        return freeSlots;
    }
}
