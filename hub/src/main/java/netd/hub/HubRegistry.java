package netd.hub;

import netd.common.id.InfoHash;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The store of registrations. The hub decides; the store only keeps and finds, so that a
 * shared store (Redis) can replace the in-memory one without touching a decision. Every
 * method is expected to cost little for a swarm of any size: announces come by the
 * thousand per second.
 */
public interface HubRegistry {
    /** The registration of {@code key}, or null. */
    Registration find(PlayerKey key);

    /** Adds or replaces the registration of its key; it becomes the most recently seen. */
    void put(Registration registration);

    /** Removes and returns the registration of {@code key}, or null when there is none. */
    Registration remove(PlayerKey key);

    /** Removes and returns every registration last seen before {@code cutoff}. */
    List<Registration> removeSeenBefore(Instant cutoff);

    /** The registrations made on connection {@code connection}. */
    List<Registration> ofConnection(long connection);

    /** The registrations, in any swarm, of a player listening at {@code ip} and {@code port}. */
    List<Registration> at(String ip, int port);

    /** Up to {@code count} distinct registrations of the swarm, picked at random; all of them when it has no more. */
    List<Registration> randomPlayers(InfoHash infoHash, int count, RandomGenerator random);

    /** The complete and incomplete players of the whole swarm. */
    SwarmCounts counts(InfoHash infoHash);

    /** Registrations in all swarms. */
    int size();

    /** Every swarm with a registered player, and its counts: for the web pages and /metrics, not for announces. */
    Map<InfoHash, SwarmCounts> swarms();

    /** Up to {@code max} registrations of the swarm, in no particular order: for the web pages, not for announces. */
    List<Registration> players(InfoHash infoHash, int max);

    record SwarmCounts(long complete, long incomplete) {
        public static final SwarmCounts EMPTY = new SwarmCounts(0, 0);
    }
}
