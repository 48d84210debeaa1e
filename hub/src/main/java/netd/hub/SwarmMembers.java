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
 * removal swaps the last member into the hole; the complete ones counted; whom each member's
 * entry was lately given to, so that answers list them back to it ({@link ListedTo}). Beside each
 * member, its entry as answers list it, bencoded once when the member joined or moved: an
 * answer takes the entries it lists from here, one array, rather than from each
 * registration (a hub at 50,000 answers a second stalled on those fifty reads per answer).
 * Not thread-safe. The in-memory registry keeps each swarm's players in one; the Redis
 * registry its recent sample of each swarm.
 */
public final class SwarmMembers {
    /**
     * The most of an answer given to players lately given the asker's entry ({@link ListedTo}):
     * half, so that the other half still carries news across the whole swarm.
     */
    static final int LISTED_BACK_DIVISOR = 2;
    /**
     * Askers remembered per member: in a swarm of 1,000 asking at a 5 s min interval, answers of
     * 50 give a member's entry to about 50 askers between two of its own announces; the newest
     * half of an answer's worth is what it can be listed back.
     */
    static final int ASKERS_REMEMBERED = 32;

    private Registration[] members = new Registration[4];
    /** {@code entries[i]}: {@code members[i]}'s entry, bencoded; never changed in place, so a {@link Listing} may keep it. */
    private byte[][] entries = new byte[4][];
    /** {@code listedTo[i]}: whom {@code members[i]}'s entry was lately given to; null until it was. */
    private ListedTo[] listedTo = new ListedTo[4];
    /** {@code ids[i]}: {@code members[i]}'s player id, the object its ring entries hold ({@link #positionOf}). */
    private PlayerId[] ids = new PlayerId[4];
    /** {@code marks[i] == mark}: the member at position {@code i} is listed back in the answer being made. */
    private int[] marks = new int[4];
    private int mark;
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
                listedTo = Arrays.copyOf(listedTo, 2 * size);
                marks = Arrays.copyOf(marks, 2 * size);
                ids = Arrays.copyOf(ids, 2 * size);
            }
            ids[position] = id;
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
            listedTo[position] = listedTo[last];
            ids[position] = ids[last];
            positions.put(members[position].key().playerId(), position);
        }
        members[last] = null;
        entries[last] = null;
        listedTo[last] = null;
        ids[last] = null;
        complete -= removed.complete() ? 1 : 0;
        return removed;
    }

    /** The position of {@code player}, or -1 when it is not a member. */
    public int position(PlayerId player) {
        Integer position = positions.get(player);
        return position == null ? -1 : position;
    }

    /**
     * Up to {@code count} distinct members, never the one at position {@code asker} (-1: none),
     * with their entries as they are now: first, up to a {@link #LISTED_BACK_DIVISOR}th of them,
     * the members lately given the asker's entry, newest first ({@link ListedTo}); then half of
     * the rest a run of neighbours in the array, and the others at random. With {@code
     * newestFirst} (the asker joins), the run is the newest, the members at the end of the
     * array (those that joined last, but for the few moved into a leaver's place), newest first;
     * without (a member asks again), a run from a random place, going round from the last member
     * to the first, and the newest member always, in the place of the last one drawn if neither
     * the run nor the draw listed it. The asker is remembered as given the members listed but
     * those listed back, to be listed back to them in turn.
     *
     * <p>Why list back: a member given the asker's entry is likely to have dialled it and be
     * downloading from it; links are one-way and a handshake carries no port, so the asker can
     * dial back that downloader, and reward what it gives (tit-for-tat), only at an address an
     * answer listed. At random (answers of 50 of 1,000) that was one downloader in sixteen.
     * Those listed back are not remembered as given the asker: they have its entry already, and
     * two players would otherwise keep each other listed for ever.
     *
     * <p>Why the newest to a joining player: an answer lists only players that announced
     * before the asker, and a player learns a downloader's address only from the hub, so at
     * random the last to announce are listed to few and dialled by fewer (player k of N is in
     * about 50 ln(N/k) answers). The newest run lists each player to the next answers whatever
     * the swarm's size, and costs no draw.
     *
     * <p>Why a run from a random place to a member asking again: members ask again together in
     * a flash crowd (at the min interval), and the same newest players listed to all of them
     * would have tens of downloaders each and unchoke few. A run lists each member as often as
     * a draw would, for one draw instead of fifty.
     *
     * <p>Why the newest member to a member asking again too: no joining player's answer lists
     * it, so only the members asking again can learn its address, and a player dials back a
     * downloader only at the address the hub listed; a downloader whose address refuses that
     * dial (a free rider) is then served only by optimistic unchokes ({@code Dialing.refused}).
     * One member listed to all is few of each answer's dials. The measurements behind these
     * rules: docs/simulator.md ("The early players", "The hub lists back").
     */
    public Listing others(int asker, int count, boolean newestFirst, RandomSample sample, RandomGenerator random) {
        int eligible = asker < 0 ? size : size - 1;
        int n = Math.min(count, eligible);
        int[] chosen = new int[n];
        if (++mark == 0) { // after 2^32 answers the old marks could match again
            Arrays.fill(marks, 0);
            mark = 1;
        }
        int back = listedBack(asker, n / LISTED_BACK_DIVISOR, chosen);
        int run = n / 2;
        // An answer that lists every other member has no choice to make: the newest run then.
        boolean newest = newestFirst || n == eligible;
        // Where the run starts among the eligible: the newest last, or at a random place, going
        // round past the last to the first, so that every member is as likely to be in it.
        int runStart = newest ? eligible - run : random.nextInt(eligible);
        int wrapped = Math.max(0, runStart + run - eligible);
        // Indexes among the eligible but the run; the sample's array, valid until its next pick.
        int[] drawn = sample.indexes(eligible - run, n - run, random);
        int newestPosition = asker == size - 1 ? size - 2 : size - 1;
        boolean newestListed = newest;
        int at = back;
        // n run or drawn, of which at most back were listed back already: enough to fill the rest.
        for (int i = 0; i < n && at < n; i++) {
            int eligibleIndex = i >= run ? skipOver(drawn[i - run] + wrapped, runStart, run)
                    : newest ? eligible - 1 - i : runStart + i < eligible ? runStart + i : runStart + i - eligible;
            int position = asker >= 0 && eligibleIndex >= asker ? eligibleIndex + 1 : eligibleIndex; // skip over the asker
            if (marks[position] != mark) {
                chosen[at++] = position;
                newestListed |= position == newestPosition;
            }
        }
        newestListed |= n > 0 && marks[newestPosition] == mark;
        // The newest member to a member asking again too (above), in the last drawn one's place.
        if (!newestListed && n > back) {
            chosen[n - 1] = newestPosition;
        }
        if (asker >= 0) {
            PlayerId askerId = ids[asker];
            for (int i = back; i < n; i++) {
                listedTo(chosen[i]).add(askerId, asker);
            }
        }
        Registration[] players = new Registration[n];
        byte[][] chosenEntries = new byte[n][];
        for (int i = 0; i < n; i++) {
            players[i] = members[chosen[i]];
            chosenEntries[i] = entries[chosen[i]];
        }
        return new Listing(players, chosenEntries);
    }

    /**
     * Puts in {@code chosen} the positions of up to {@code most} members lately given the entry
     * of the member at {@code asker}, newest first, each once, never the asker; returns how many.
     */
    private int listedBack(int asker, int most, int[] chosen) {
        ListedTo given = asker < 0 ? null : listedTo[asker];
        int back = 0;
        for (int age = 0; given != null && age < given.capacity() && back < most; age++) {
            PlayerId id = given.newest(age);
            if (id == null) {
                break;
            }
            int position = positionOf(id, given.positionThen(age));
            if (position >= 0 && position != asker && marks[position] != mark) {
                marks[position] = mark;
                chosen[back++] = position;
            }
        }
        return back;
    }

    /** The position of {@code player}, most likely {@code likely} (where it was), or -1 when it is not a member. */
    private int positionOf(PlayerId player, int likely) {
        return likely < size && ids[likely] == player ? likely : position(player);
    }

    private ListedTo listedTo(int position) {
        ListedTo given = listedTo[position];
        if (given == null) {
            given = new ListedTo(ASKERS_REMEMBERED);
            listedTo[position] = given;
        }
        return given;
    }

    /**
     * Takes over from {@code older}, an earlier sample of the same swarm, whom each member's
     * entry was lately given to, so that answers list back across samples (the Redis registry
     * reads a new sample of a swarm now and then).
     */
    public void keepListedToOf(SwarmMembers older) {
        for (int i = 0; i < size; i++) {
            int was = older.position(members[i].key().playerId());
            if (was >= 0) {
                listedTo[i] = older.listedTo[was];
            }
        }
    }

    /**
     * {@code index} among the eligible but a run of {@code length} from {@code start}, as an
     * index among them all; an index past a run that went round is first moved past its part at
     * the start ({@code wrapped} added by the caller).
     */
    private static int skipOver(int index, int start, int length) {
        return index < start ? index : index + length;
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
