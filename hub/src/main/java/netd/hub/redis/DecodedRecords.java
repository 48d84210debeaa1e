package netd.hub.redis;

import netd.common.id.InfoHash;
import netd.hub.Registration;

import java.util.HashMap;
import java.util.Map;

/**
 * The registrations this hub decoded from Redis records lately, by swarm and player. A
 * player is listed in many answers between two of its own announces, and its record stays
 * the same meanwhile, so most candidates of an answer are a lookup instead of parsing a
 * record and encoding its entry again. An entry is used only while its record is the one
 * Redis returned; one this hub wrote is noted as it is written, so that the next announce of
 * its player finds its previous registration without decoding it. Not thread-safe: the
 * hub's store thread is its only user.
 */
final class DecodedRecords {
    /** Entries a swarm may hold beyond twice its players before it starts over. */
    private static final int SLACK = 64;

    private record Decoded(String record, Registration registration) {
    }

    private final RedisLayout layout;
    private final Map<InfoHash, Map<String, Decoded>> swarms = new HashMap<>();

    DecodedRecords(RedisLayout layout) {
        this.layout = layout;
    }

    /** The registration {@code record} of {@code playerHex} stands for. */
    Registration registration(InfoHash infoHash, String playerHex, String record) {
        Map<String, Decoded> swarm = swarms.computeIfAbsent(infoHash, h -> new HashMap<>());
        Decoded decoded = swarm.get(playerHex);
        if (decoded == null || !decoded.record().equals(record)) {
            decoded = new Decoded(record, layout.registration(infoHash, playerHex, record));
            swarm.put(playerHex, decoded);
        }
        return decoded.registration();
    }

    /** Notes that {@code record} of {@code playerHex} stands for {@code registration}: this hub just wrote it. */
    void remember(InfoHash infoHash, String playerHex, String record, Registration registration) {
        swarms.computeIfAbsent(infoHash, h -> new HashMap<>()).put(playerHex, new Decoded(record, registration));
    }

    /**
     * Keeps a swarm's entries bounded by its size: players that left leave entries behind, so
     * a swarm holding many more entries than it has players starts over.
     */
    void trim(InfoHash infoHash, long players) {
        Map<String, Decoded> swarm = swarms.get(infoHash);
        if (swarm != null && swarm.size() > 2 * players + SLACK) {
            swarms.remove(infoHash);
        }
    }

    /** Forgets a swarm this hub no longer serves. */
    void forget(InfoHash infoHash) {
        swarms.remove(infoHash);
    }

    int size(InfoHash infoHash) {
        Map<String, Decoded> swarm = swarms.get(infoHash);
        return swarm == null ? 0 : swarm.size();
    }
}
