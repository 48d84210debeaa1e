package netd.sim;

import java.util.Locale;

/** A run's result; {@link #line} is simulate.sh's last line. Times are download times (launch to complete) of the staying leechers. */
record Summary(int players, double sizeMiB, double p50, double p90, double max, double fluidBound, double seederCopies,
               double wastedMiB, int complete, int staying, long rulesBroken, double simulatedSeconds) {

    double ratio() {
        return max / fluidBound;
    }

    String line() {
        return String.format(Locale.ROOT,
                "sim: %d players, %s MiB: p50 %.1f s, p90 %.1f s, max %.1f s, T* %.1f s, ratio %.2f, seeder copies %.2f, wasted %.1f MiB, complete %d of %d",
                players, number(sizeMiB), p50, p90, max, fluidBound, ratio(), seederCopies, wastedMiB, complete, staying);
    }

    /** A whole number without its decimals (32, not 32.0), any other as it is. */
    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
