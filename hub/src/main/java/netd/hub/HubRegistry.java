package netd.hub;

import netd.common.id.InfoHash;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The store of registrations. The hub decides; the store only keeps and finds, so that a
 * shared store (Redis) can replace the in-memory one without touching a decision. Each
 * method is one atomic step of the store (one round trip for a shared one), and is expected
 * to cost little for a swarm of any size: announces come by the thousand per second.
 *
 * <p>A shared store throws {@link StoreUnavailableException} from any method while it
 * cannot be reached.
 */
public interface HubRegistry extends AutoCloseable {
    /**
     * Adds or replaces the registration of its key (it becomes the most recently seen), and
     * returns what the answer needs, with up to {@code candidates} random players of the swarm
     * other than the announcing one.
     */
    Announced register(Registration current, int candidates, RandomGenerator random);

    /** Removes the registration of {@code key}, if any, and returns what the answer needs. */
    Announced unregister(PlayerKey key, int candidates, RandomGenerator random);

    /**
     * Applies {@code changes} in their order and returns what each did and found, as
     * {@link #register} and {@link #unregister} would; a shared store sends them together
     * (one round trip for the lot), each still atomic on its own.
     */
    default List<Announced> apply(List<Change> changes, int candidates, RandomGenerator random) {
        List<Announced> done = new ArrayList<>(changes.size());
        for (Change change : changes) {
            done.add(change.current() == null ? unregister(change.key(), candidates, random)
                    : register(change.current(), candidates, random));
        }
        return done;
    }

    /**
     * Removes and returns the registrations last seen before {@code cutoff}: all of them in this
     * process's memory; in a shared store, those of the swarms this hub served lately (the
     * store drops the others by itself, hub or no hub).
     */
    List<Registration> removeSeenBefore(Instant cutoff);

    /** Removes and returns the registrations whose last announce came on this hub's connection {@code connection}. */
    List<Registration> removeConnection(long connection);

    /** The registrations, in any swarm, of a player listening at {@code ip} and {@code port}. */
    List<Registration> at(String ip, int port);

    /** Removes and returns the registration of {@code key} if it was last seen before {@code cutoff}; null otherwise. */
    Registration removeIfSeenBefore(PlayerKey key, Instant cutoff);

    /** The complete and incomplete players of the whole swarm. */
    SwarmCounts counts(InfoHash infoHash);

    /** Lets go of what the store holds open (a connection); the in-memory store holds nothing. */
    @Override
    default void close() {
    }

    /** What one announce asks of the store: register {@code current}, or, when it is null, unregister {@code key}. */
    record Change(PlayerKey key, Registration current) {
        public static Change register(Registration current) {
            return new Change(current.key(), current);
        }

        public static Change unregister(PlayerKey key) {
            return new Change(key, null);
        }
    }

    /**
     * Every swarm with a registered player, and its counts: for the web pages and /metrics, not
     * for announces. A shared store lists the swarms this hub served lately (it never scans
     * the whole store), with their counts over every hub.
     */
    Map<InfoHash, SwarmCounts> swarms();

    /** Up to {@code max} registrations of the swarm, in no particular order: for the web pages, not for announces. */
    List<Registration> players(InfoHash infoHash, int max);

    record SwarmCounts(long complete, long incomplete) {
        public static final SwarmCounts EMPTY = new SwarmCounts(0, 0);

        public long total() {
            return complete + incomplete;
        }
    }

    /**
     * What one register or unregister did and found.
     *
     * @param previous   the registration it replaced or removed, or null
     * @param counts     the swarm's counts after it
     * @param candidates distinct random players of the swarm, never the announcing one
     * @param expired    registrations of the swarm the store dropped on the way for their silence
     */
    record Announced(Registration previous, SwarmCounts counts, Listing candidates, List<Registration> expired) {
    }
}
