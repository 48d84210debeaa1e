package netd.hub;

import netd.common.id.PlayerId;

/**
 * The players lately given one player's entry in an answer, the newest kept: each is likely
 * to have dialled that player and be downloading from it. Links between players are one-way
 * (a downloader dials its uploader) and a handshake carries no port, so a player can dial
 * back a downloader, and so learn what it gives (tit-for-tat), only at an address some answer
 * listed; {@link SwarmMembers} lists these back to the player. A ring of ids, each with the
 * position its player had in the swarm then, where it most likely still is (a position
 * changes only when another member leaves): adding costs two writes, whatever the ring's size.
 * Not thread-safe.
 */
final class ListedTo {
    private final PlayerId[] askers;
    private final int[] positions;
    /** Where the next asker goes: the oldest's place once the ring is full. */
    private int next;

    ListedTo(int remembered) {
        if (remembered < 1) {
            throw new IllegalArgumentException("at least one asker remembered: " + remembered);
        }
        askers = new PlayerId[remembered];
        positions = new int[remembered];
    }

    /** {@code asker}, at {@code position} in the swarm, was given the entry: it becomes the newest, the oldest is forgotten when the ring is full. */
    void add(PlayerId asker, int position) {
        askers[next] = asker;
        positions[next] = position;
        next = next + 1 == askers.length ? 0 : next + 1;
    }

    /** How many places the ring has; {@link #newest} answers for {@code 0 <= age < capacity()}. */
    int capacity() {
        return askers.length;
    }

    /** The asker given the entry {@code age} askers ago (0: the newest), or null when there was none; an asker given it twice is there twice. */
    PlayerId newest(int age) {
        return askers[place(age)];
    }

    /** The position in the swarm that {@link #newest}{@code (age)} had when it was given the entry. */
    int positionThen(int age) {
        return positions[place(age)];
    }

    private int place(int age) {
        int at = next - 1 - age;
        return at < 0 ? at + askers.length : at;
    }
}
