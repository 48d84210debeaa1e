package netd.hub;

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
    /** Answers a connection may leave unsent: a player that lets more pile up is not reading, and is dropped. */
    public static final int SEND_QUEUE = 16;

    public InetSocketAddress address() {
        return bind == null ? new InetSocketAddress(port) : new InetSocketAddress(bind, port);
    }

    /** {@code IP:PORT}, as the log and error messages show an address to listen on. */
    public static String describe(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /**
     * A connection silent for as long as a registration may be is closed: its players would
     * have been dropped anyway.
     */
    public Duration idleTimeout() {
        return timing.silenceLimit();
    }

    /** Keep-alives to the player follow the announce interval. */
    public Duration keepAliveInterval() {
        return timing.interval();
    }
}
