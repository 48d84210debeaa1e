package netd.hub;

import netd.common.id.PlayerId;
import netd.common.wire.HubCodec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One stuff's players: an array with an index of positions, so that random picks are index
 * draws (the asker left out by its position, without looking at the players drawn) and a
 * removal swaps the last member into the hole; the complete ones counted. Beside each
 * member, its entry as answers list it, bencoded once when the member joined or moved: an
 * answer takes the entries it lists from here, one array, rather than from each
 * registration (a hub at 50,000 answers a second stalled on those fifty reads per answer).
 * Not thread-safe. The in-memory registry keeps each swarm's players in one; the Redis
 * registry its recent sample of each swarm.
 */
public final class SwarmMembers {
    private Registration[] members = new Registration[4];
    /** {@code entries[i]}: {@code members[i]}'s entry, bencoded; never changed in place, so a {@link Listing} may keep it. */
    private byte[][] entries = new byte[4][];
    private int size;
    private final Map<PlayerId, Integer> positions = new HashMap<>();
    private int complete;
    /**
     * What {@link #counts} returns, made again only when they change (a join, a leave, a
     * completion): nearly every announce is a refresh, and answers asked for a fresh record each.
     */
    private HubRegistry.SwarmCounts counts = HubRegistry.SwarmCounts.EMPTY;

    /** Adds or replaces the registration of its player; returns its position. */
    public int put(Registration registration) {
        PlayerId id = registration.key().playerId();
        Integer position = positions.get(id);
        if (position == null) {
            position = size;
            positions.put(id, position);
            if (size == members.length) {
                members = Arrays.copyOf(members, 2 * size);
                entries = Arrays.copyOf(entries, 2 * size);
            }
            size++;
            entries[position] = HubCodec.entryBytes(registration.entry());
        } else {
            Registration old = members[position];
            complete -= old.complete() ? 1 : 0;
            // Most announces come from where the player was: its entry's bytes stay.
            if (!old.entry().equals(registration.entry())) {
                entries[position] = HubCodec.entryBytes(registration.entry());
            }
        }
        members[position] = registration;
        complete += registration.complete() ? 1 : 0;
        return position;
    }

    /** Removes the registration of {@code player}; returns it, or null when it is not a member. */
    public Registration remove(PlayerId player) {
        Integer position = positions.remove(player);
        if (position == null) {
            return null;
        }
        Registration removed = members[position];
        int last = --size;
        if (position < last) {
            members[position] = members[last];
            entries[position] = entries[last];
            positions.put(members[position].key().playerId(), position);
        }
        members[last] = null;
        entries[last] = null;
        complete -= removed.complete() ? 1 : 0;
        return removed;
    }

    /** The position of {@code player}, or -1 when it is not a member. */
    public int position(PlayerId player) {
        Integer position = positions.get(player);
        return position == null ? -1 : position;
    }

    /**
     * Up to {@code count} distinct members at random, never the one at position {@code asker}
     * (-1: none), with their entries as they are now.
     */
    public Listing others(int asker, int count, RandomSample sample, RandomGenerator random) {
        int eligible = asker < 0 ? size : size - 1;
        int[] positions = sample.indexes(eligible, count, random); // the sample's array, valid until its next pick
        int n = Math.min(count, eligible);
        for (int i = 0; i < n; i++) {
            positions[i] += asker >= 0 && positions[i] >= asker ? 1 : 0; // the draws skip over the asker
        }
        return listing(positions, n);
    }

    /**
     * The members at the first {@code count} of {@code positions}, in that order, with their
     * entries as they are now: what an answer lists, however they were chosen.
     */
    Listing listing(int[] positions, int count) {
        Registration[] chosen = new Registration[count];
        byte[][] chosenEntries = new byte[count][];
        for (int i = 0; i < count; i++) {
            chosen[i] = members[positions[i]];
            chosenEntries[i] = entries[positions[i]];
        }
        return new Listing(chosen, chosenEntries);
    }

    /** The first {@code max} members, in no particular order. */
    public List<Registration> first(int max) {
        return List.of(Arrays.copyOf(members, Math.min(max, size)));
    }

    public HubRegistry.SwarmCounts counts() {
        if (counts.complete() != complete || counts.incomplete() != size - complete) {
            counts = new HubRegistry.SwarmCounts(complete, size - complete);
        }
        return counts;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }
}
