package netd.player.core;

import netd.common.library.Library;
import netd.common.wire.HubMessage.PlayerEntry;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
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

    /**
     * The entries a player of {@code library} may dial: on a netd library, not the original
     * players (ids starting with {@code -RO}), which can neither read it nor speak its frames
     * (PROTOCOL-EXTENSIONS.md §5); on any other library, every entry.
     */
    static List<PlayerEntry> usableOn(Library library, List<PlayerEntry> entries) {
        return library.netd() ? entries.stream().filter(entry -> !entry.playerId().isOriginalClient()).toList() : entries;
    }

    /**
     * Whether {@code address} is this player's own listening socket ({@code ourPort} on an
     * address of this machine): a hub may list it under another id, and dialling it would
     * only have this player refuse itself.
     */
    static boolean isOwn(InetSocketAddress address, int ourPort) {
        InetAddress ip = address.getAddress();
        if (address.getPort() != ourPort) {
            return false;
        }
        try {
            return ip.isLoopbackAddress() || ip.isAnyLocalAddress() || NetworkInterface.getByInetAddress(ip) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
