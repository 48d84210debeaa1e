package netd.player.peer;

import netd.common.wire.HubMessage.PlayerEntry;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Turns a hub's player entry into an address to connect to, refusing what is not a dotted quad and a port. */
final class PlayerAddresses {
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private PlayerAddresses() {
    }

    /** The entry's address, or null when its IP is not a dotted quad or its port is outside 1-65535. */
    static InetSocketAddress usable(PlayerEntry entry) {
        if (entry.port() < 1 || entry.port() > 65535 || !DOTTED_QUAD.matcher(entry.ip()).matches()) {
            return null;
        }
        try {
            // A literal: no name lookup happens.
            return new InetSocketAddress(InetAddress.getByName(entry.ip()), (int) entry.port());
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
