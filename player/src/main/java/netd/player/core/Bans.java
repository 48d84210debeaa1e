package netd.player.core;

import netd.common.id.PlayerId;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * The players this one refuses for the rest of the run, by id and by address: one that sent
 * bad books again and again would otherwise come back under a new id, or from the same id
 * at another address. Neither is dialled nor accepted again.
 */
final class Bans {
    private final Set<PlayerId> ids = new HashSet<>();
    private final Set<InetSocketAddress> addresses = new HashSet<>();

    /** Bans {@code id} (null when it never said who it is) and {@code address}. */
    void ban(PlayerId id, InetSocketAddress address) {
        if (id != null) {
            ids.add(id);
        }
        addresses.add(address);
    }

    boolean isBanned(PlayerId id) {
        return ids.contains(id);
    }

    boolean isBanned(InetSocketAddress address) {
        return addresses.contains(address);
    }
}
