package netd.hub;

import java.util.Arrays;
import java.util.List;

/**
 * The players an answer lists, as they were when they were chosen: each one's registration
 * and its entry already bencoded. The entries are taken from the swarm (a
 * {@link SwarmMembers} keeps them beside its members) together with the choice, so that an
 * answer's bytes are copies of arrays, never a walk back through fifty registrations
 * (docs/hub-performance.md). Which players are listed is decided elsewhere; this only
 * carries them. Not to be changed: its lists are views of the arrays it was given, which
 * are its own, and its entries are shared with the swarm.
 */
public final class Listing {
    public static final Listing EMPTY = new Listing(new Registration[0], new byte[0][]);

    private final List<Registration> players;
    private final List<byte[]> entries;

    /**
     * {@code entries[i]}: {@code players[i]}'s entry, encoded by
     * {@link netd.common.wire.HubCodec#entryBytes}; both arrays are taken over.
     */
    Listing(Registration[] players, byte[][] entries) {
        if (players.length != entries.length) {
            throw new IllegalArgumentException(players.length + " players, " + entries.length + " entries");
        }
        this.players = Arrays.asList(players);
        this.entries = Arrays.asList(entries);
    }

    /** The players listed, in their order in the answer. */
    public List<Registration> players() {
        return players;
    }

    /** Each player's entry, bencoded, in the same order: what the answer's bytes copy. */
    public List<byte[]> entries() {
        return entries;
    }

    public int size() {
        return players.size();
    }
}
