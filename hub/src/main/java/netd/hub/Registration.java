package netd.hub;

import java.time.Instant;

/**
 * What the hub knows of one announced player.
 *
 * @param ip         taken from the player's connection, never from its message
 * @param port       the port the player listens on, from its message
 * @param complete   whether it holds the whole stuff
 * @param lastSeen   when it last announced
 * @param connection the id of the connection it announced on; ids mean something only
 *                   inside this hub process
 */
public record Registration(PlayerKey key, String ip, int port, boolean complete, Instant lastSeen, long connection) {
    public boolean isAt(String otherIp, int otherPort) {
        return ip.equals(otherIp) && port == otherPort;
    }

    public String address() {
        return ip + ":" + port;
    }
}
