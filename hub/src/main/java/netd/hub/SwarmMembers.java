package netd.hub;

import netd.common.id.PlayerId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One stuff's players: an array with an index of positions, so that random picks are index
 * draws (the asker left out by its position, without looking at the players drawn) and a
 * removal swaps the last member into the hole; the complete ones counted. Not thread-safe.
 * The in-memory registry keeps each swarm's players in one; the Redis registry its recent
 * sample of each swarm.
 */
public final class SwarmMembers {
    private final List<Registration> members = new ArrayList<>();
    private final Map<PlayerId, Integer> positions = new HashMap<>();
    private int complete;

    /** Adds or replaces the registration of its player; returns its position. */
    public int put(Registration registration) {
        PlayerId id = registration.key().playerId();
        Integer position = positions.get(id);
        if (position == null) {
            position = members.size();
            positions.put(id, position);
            members.add(registration);
        } else {
            complete -= members.set(position, registration).complete() ? 1 : 0;
        }
        complete += registration.complete() ? 1 : 0;
        return position;
    }

    /** Removes the registration of {@code player}; returns it, or null when it is not a member. */
    public Registration remove(PlayerId player) {
        Integer position = positions.remove(player);
        if (position == null) {
            return null;
        }
        Registration removed = members.get(position);
        Registration last = members.remove(members.size() - 1);
        if (position < members.size()) {
            members.set(position, last);
            positions.put(last.key().playerId(), position);
        }
        complete -= removed.complete() ? 1 : 0;
        return removed;
    }

    /** The position of {@code player}, or -1 when it is not a member. */
    public int position(PlayerId player) {
        Integer position = positions.get(player);
        return position == null ? -1 : position;
    }

    /** Up to {@code count} distinct members at random, never the one at position {@code asker} (-1: none). */
    public List<Registration> others(int asker, int count, RandomSample sample, RandomGenerator random) {
        int eligible = asker < 0 ? members.size() : members.size() - 1;
        int[] picked = sample.indexes(eligible, count, random);
        int n = Math.min(count, eligible);
        Registration[] chosen = new Registration[n];
        for (int i = 0; i < n; i++) {
            int index = picked[i];
            chosen[i] = members.get(asker >= 0 && index >= asker ? index + 1 : index);
        }
        return Arrays.asList(chosen);
    }

    /** The first {@code max} members, in no particular order. */
    public List<Registration> first(int max) {
        return List.copyOf(members.subList(0, Math.min(max, members.size())));
    }

    public HubRegistry.SwarmCounts counts() {
        return new HubRegistry.SwarmCounts(complete, members.size() - complete);
    }

    public int size() {
        return members.size();
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }
}
