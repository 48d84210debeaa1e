package netd.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The optional outputs: a CSV row per player and an SVG of the share of leechers complete over time. */
final class Reports {
    private Reports() {
    }

    static void write(Simulation simulation, SimConfig config) throws IOException {
        if (config.csv() != null) {
            List<String> rows = new ArrayList<>();
            rows.add("player,role,arrival_s,uplink_mbit,done_s,left_s,bytes_up,bytes_down,in_swarm_s");
            for (SimPlayer p : simulation.players()) {
                String role = p.seeder ? "seeder" : p.serves ? "leecher" : "free-rider";
                // arrival_s is the launch; in_swarm_s its start-up later (the same without --start-up).
                rows.add(String.format(Locale.ROOT, "%d,%s,%.3f,%s,%s,%s,%d,%d,%s", p.number, role, seconds(p.launchedAtMicros),
                        p.uplinkMbit, secondsOrEmpty(p.doneAtMicros), secondsOrEmpty(p.leftAtMicros), p.bytesUp, p.bytesDown,
                        secondsOrEmpty(p.arrivedAtMicros)));
            }
            Files.write(config.csv(), rows);
        }
        if (config.plot() != null) {
            Files.writeString(config.plot(), svg(simulation));
        }
    }

    private static double seconds(long micros) {
        return micros / 1e6;
    }

    /** A time in seconds, or nothing for one that never came (-1). */
    private static String secondsOrEmpty(long micros) {
        return micros < 0 ? "" : String.format(Locale.ROOT, "%.3f", seconds(micros));
    }

    private static String svg(Simulation simulation) {
        List<Double> done = new ArrayList<>();
        int leechers = 0;
        for (SimPlayer p : simulation.players()) {
            if (!p.seeder) {
                leechers++;
                if (p.doneAtMicros >= 0) {
                    done.add(seconds(p.doneAtMicros));
                }
            }
        }
        done.sort(null);
        double end = Math.max(1, simulation.clock.nowMicros() / 1e6);
        int width = 640;
        int height = 400;
        int margin = 50;
        StringBuilder points = new StringBuilder(String.format(Locale.ROOT, "%d,%d", margin, height - margin));
        for (int i = 0; i < done.size(); i++) {
            double x = margin + done.get(i) / end * (width - 2 * margin);
            double y = height - margin - (i + 1.0) / leechers * (height - 2 * margin);
            points.append(String.format(Locale.ROOT, " %.1f,%.1f", x, y));
        }
        return String.format(Locale.ROOT, """
                <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">
                <rect width="100%%" height="100%%" fill="white"/>
                <line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>
                <line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>
                <text x="%d" y="%d" text-anchor="middle">simulated seconds (0 to %.0f)</text>
                <text x="12" y="%d" transform="rotate(-90 12 %d)" text-anchor="middle">share of %d leechers complete</text>
                <polyline fill="none" stroke="steelblue" stroke-width="2" points="%s"/>
                </svg>
                """, width, height, margin, height - margin, width - margin, height - margin, margin, margin, margin,
                height - margin, width / 2, height - 15, end, height / 2, height / 2, leechers, points);
    }
}
