package netd.common.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Checks of option values that several programs take, each failing with one sentence (exit 2). */
public final class Arguments {
    private Arguments() {
    }

    public static void requireRange(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageException(option + " must be between " + min + " and " + max + ", not " + value);
        }
    }

    /** The local address {@code --bind} names, or null (every interface) when it is not given. */
    public static InetAddress bindAddress(String value) {
        return bindAddress("--bind", value);
    }

    /** The local address {@code option} names, or null (every interface) when it is not given. */
    public static InetAddress bindAddress(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new UsageException(option + ": '" + value + "' is not an address of this machine");
        }
    }
}
