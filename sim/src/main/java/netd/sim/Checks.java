package netd.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules every player must keep, counted by the simulated network rather than asked of the
 * players: it keeps only books that verified, sends only books it holds, and never has more
 * links or unchoked downloaders than its limits allow.
 */
final class Checks {
    private static final int KEPT = 10;
    private final List<String> first = new ArrayList<>();
    private long broken;
    int mostConnections;
    int mostUnchoked;

    void keeps(SimPlayer player, int index, boolean verified) {
        if (!verified) {
            broke("player " + player.number + " kept book " + index + ", which never arrived verified");
        }
    }

    void sends(SimPlayer player, int index, boolean holds) {
        if (!holds) {
            broke("player " + player.number + " sent book " + index + ", which it does not hold");
        }
    }

    void connections(SimPlayer player, int open, int max) {
        mostConnections = Math.max(mostConnections, open);
        if (open > max) {
            broke("player " + player.number + " has " + open + " links open, more than its " + max);
        }
    }

    void uploadSlots(SimPlayer player, int unchoked, int max) {
        mostUnchoked = Math.max(mostUnchoked, unchoked);
        if (unchoked > max) {
            broke("player " + player.number + " unchokes " + unchoked + " downloaders, more than its " + max);
        }
    }

    private void broke(String what) {
        broken++;
        if (first.size() < KEPT) {
            first.add(what);
        }
    }

    long broken() {
        return broken;
    }

    List<String> first() {
        return List.copyOf(first);
    }
}
