package netd.hub.redis;

import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.hub.PlayerKey;
import netd.hub.Registration;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Where and how the shared store keeps registrations in Redis. Each swarm has three keys,
 * tagged with its info hash so that they would share a cluster slot:
 * <ul>
 *   <li>{@code netd:{HASH}:seen}, a sorted set of player ids by last announce (ms), which finds
 *       the silent without looking at the others, and draws random players;</li>
 *   <li>{@code netd:{HASH}:done}, the set of complete players, so counts are two cardinalities;</li>
 *   <li>{@code netd:{HASH}:records}, a hash of player id to record,
 *       {@code IP PORT COMPLETE LASTSEEN OWNER}.</li>
 * </ul>
 * and each address a set {@code netd:address:IP/PORT} of {@code HASH PLAYER}, for the
 * unreachable-player check. Ids are in hex. The owner is {@code HUB:CONNECTION}: the id of
 * the hub process that took the announce and its connection number there, so a connection
 * number of one hub never matches one of another.
 *
 * <p>The announce script names a swarm's keys itself from the info hash (a batch of
 * announces to many swarms is one script run), as every script names the address keys: the
 * store is one Redis server, not a cluster.
 */
public final class RedisLayout {
    static final String ADDRESS_PREFIX = "netd:address:";
    static final String SWARM_PREFIX = "netd:{";
    static final String RECORDS_SUFFIX = "}:records";
    private static final HexFormat HEX = HexFormat.of();

    private final String hubId;

    /** {@code hubId}: this hub process's id, unique among the hubs sharing the store. */
    public RedisLayout(String hubId) {
        if (hubId.isEmpty() || hubId.contains(" ") || hubId.contains(":")) {
            throw new IllegalArgumentException("a hub id is one word without ':': " + hubId);
        }
        this.hubId = hubId;
    }

    /** The swarm's keys in the order the scripts take them: seen, done, records. */
    public static List<String> swarmKeys(InfoHash infoHash) {
        String tagged = SWARM_PREFIX + infoHash.value().hex();
        return List.of(tagged + "}:seen", tagged + "}:done", tagged + RECORDS_SUFFIX);
    }

    public static String addressKey(String ip, int port) {
        return ADDRESS_PREFIX + address(ip, port);
    }

    /** An address as the scripts compare it: {@code IP/PORT}. */
    public static String address(String ip, int port) {
        return ip + "/" + port;
    }

    public static String hex(PlayerId playerId) {
        return playerId.value().hex();
    }

    public static String hex(InfoHash infoHash) {
        return infoHash.value().hex();
    }

    public static InfoHash infoHash(String hex) {
        return InfoHash.of(HEX.parseHex(hex));
    }

    /** Who registered through connection {@code connection} of this hub. */
    public String owner(long connection) {
        return hubId + ":" + connection;
    }

    public String record(Registration registration) {
        return registration.ip() + " " + registration.port() + " " + (registration.complete() ? 1 : 0) + " "
                + registration.lastSeen().toEpochMilli() + " " + owner(registration.connection());
    }

    /**
     * The registration a record stands for. Its connection is this hub's connection number when
     * this hub took the announce, {@link Registration#ELSEWHERE} when another hub did.
     *
     * @throws IllegalArgumentException when the record is not one this layout writes
     */
    public Registration registration(InfoHash infoHash, String playerHex, String record) {
        String[] fields = record.split(" ");
        if (fields.length != 5) {
            throw new IllegalArgumentException("a registration record has 5 fields: " + record);
        }
        PlayerKey key = new PlayerKey(infoHash, PlayerId.of(HEX.parseHex(playerHex)));
        String owner = fields[4];
        int colon = owner.lastIndexOf(':');
        long connection = colon > 0 && owner.substring(0, colon).equals(hubId)
                ? Long.parseLong(owner.substring(colon + 1)) : Registration.ELSEWHERE;
        return new Registration(key, fields[0], Integer.parseInt(fields[1]), fields[2].equals("1"),
                Instant.ofEpochMilli(Long.parseLong(fields[3])), connection);
    }
}
