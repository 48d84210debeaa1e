package netd.hub;

import netd.common.link.LinkSettings;
import netd.common.wire.Frame;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How a hub runs; built by the command line.
 *
 * @param bind             the address to listen on, or null for every address
 * @param port             the port to listen on; 0 picks a free one
 * @param maxAnswerPlayers players listed in one answer at most
 * @param maxConnections   open player connections at most; more are closed at once
 * @param probeTimeout     how long a reachability check of a reported address may take
 */
public record HubSettings(InetAddress bind, int port, AnnounceTiming timing, int maxAnswerPlayers, int maxConnections,
                          Duration probeTimeout) {
    /** Queued answers per connection: a player that lets more pile up is not reading, and is dropped. */
    private static final int SEND_QUEUE = 16;
    /**
     * Socket buffer of each side of a link. A notify is about 150 bytes and an answer is
     * written in one piece whatever its size, so a small buffer loses nothing and keeps ten
     * thousand connections cheap.
     */
    private static final int LINK_BUFFER = 512;

    public InetSocketAddress address() {
        return bind == null ? new InetSocketAddress(port) : new InetSocketAddress(bind, port);
    }

    /** {@code IP:PORT}, as the log and error messages show an address to listen on. */
    public static String describe(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /**
     * A connection silent for as long as a registration may be is closed: its players would
     * have been dropped anyway. Keep-alives to the player follow the announce interval.
     */
    public LinkSettings linkSettings() {
        return new LinkSettings(Frame.MAX_LENGTH, SEND_QUEUE, timing.interval(), timing.silenceLimit(), LINK_BUFFER);
    }
}
