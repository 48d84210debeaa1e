package netd.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The staying leechers' download times by class: their uplink, or no upload at all (the free
 * riders, whatever their uplink). Two of the swarm's targets compare classes (fast uploaders
 * finish first; a free rider finishes after the median), which the summary's percentiles over
 * every leecher do not show. Pure: the times are given.
 */
final class ClassTimes {
    /** Faster uplinks first, the free riders last. */
    private record Key(boolean freeRider, double uplinkMbit) {
        static final Comparator<Key> ORDER = Comparator.comparing(Key::freeRider)
                .thenComparing(Key::uplinkMbit, Comparator.reverseOrder());

        String describe(int count) {
            if (freeRider) {
                return count == 1 ? "1 free rider" : count + " free riders";
            }
            return String.format(Locale.ROOT, "%d at %s Mbit/s", count, Summary.number(uplinkMbit));
        }
    }

    private static final class Times {
        final List<Double> completed = new ArrayList<>();
        int staying;
    }

    private final Map<Key, Times> byClass = new TreeMap<>(Key.ORDER);

    /** A staying leecher; {@code seconds} its download time (launch to complete), or NaN when it did not complete. */
    void add(boolean freeRider, double uplinkMbit, double seconds) {
        Times times = byClass.computeIfAbsent(new Key(freeRider, freeRider ? 0 : uplinkMbit), key -> new Times());
        times.staying++;
        if (!Double.isNaN(seconds)) {
            times.completed.add(seconds);
        }
    }

    /** {@code sim: by class: ...}, each class's mean and median download time; null when every staying leecher is of one class. */
    String line() {
        if (byClass.size() < 2) {
            return null;
        }
        return byClass.entrySet().stream().map(entry -> describe(entry.getKey(), entry.getValue()))
                .collect(Collectors.joining("; ", "sim: by class: ", ""));
    }

    private static String describe(Key key, Times times) {
        int staying = times.staying;
        List<Double> sorted = new ArrayList<>(times.completed);
        sorted.sort(null);
        String text = key.describe(staying) + ":";
        if (sorted.size() < staying) {
            text += String.format(Locale.ROOT, " %d of %d complete%s", sorted.size(), staying, sorted.isEmpty() ? "" : ",");
        }
        if (sorted.isEmpty()) {
            return text;
        }
        double mean = sorted.stream().mapToDouble(Double::doubleValue).sum() / sorted.size();
        return text + String.format(Locale.ROOT, " mean %.2f s, median %.2f s", mean, Simulation.percentile(sorted, 0.5));
    }
}
