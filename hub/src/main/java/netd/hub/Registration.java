package netd.hub;

import netd.common.wire.HubMessage.PlayerEntry;

import java.time.Instant;

/**
 * What the hub knows of one announced player.
 *
 * @param entry      how answers list it, made once per announce rather than once per answer:
 *                   the IP is taken from the player's connection, never from its message;
 *                   the port is the one it listens on, from its message; its bytes are
 *                   kept by the swarm ({@link SwarmMembers}), which answers copy
 * @param lastSeen   when it last announced
 * @param connection the id of the connection it announced on; ids mean something only
 *                   inside this hub process, and a registration another hub took (through a
 *                   shared store) has {@link #ELSEWHERE}
 */
public record Registration(PlayerKey key, PlayerEntry entry, Instant lastSeen, long connection) {
    /** The connection of a registration that another hub took: no connection of this one. */
    public static final long ELSEWHERE = -1;

    public Registration(PlayerKey key, String ip, int port, boolean complete, Instant lastSeen, long connection) {
        this(key, new PlayerEntry(key.playerId(), ip, port, complete), lastSeen, connection);
    }

    /** This registration seen again at {@code when} on {@code onConnection}: its key and entry are shared, not copied. */
    public Registration seenAgain(Instant when, long onConnection) {
        return new Registration(key, entry, when, onConnection);
    }

    public String ip() {
        return entry.ip();
    }

    public int port() {
        return (int) entry.port();
    }

    /** Whether it holds the whole stuff. */
    public boolean complete() {
        return entry.complete();
    }

    public boolean isAt(String otherIp, int otherPort) {
        return ip().equals(otherIp) && port() == otherPort;
    }

    public String address() {
        return ip() + ":" + port();
    }

    @Override
    public String toString() {
        return "Registration[" + key + ", " + entry + ", seen " + lastSeen + ", connection " + connection + "]";
    }
}
