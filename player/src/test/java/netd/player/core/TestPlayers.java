package netd.player.core;

import netd.common.id.PlayerId;
import netd.common.wire.HubMessage.PlayerEntry;

import java.util.Arrays;
import java.util.BitSet;

/** Players, hub entries and book sets made up for the core's and the manager's tests, the same in every run. */
public final class TestPlayers {
    private TestPlayers() {
    }

    /** The id of twenty {@code c}s. */
    public static PlayerId id(char c) {
        byte[] bytes = new byte[20];
        Arrays.fill(bytes, (byte) c);
        return PlayerId.of(bytes);
    }

    /** Player {@code who} as the hub lists it, at 127.0.0.{@code host}, port 6000 + {@code host}. */
    public static PlayerEntry entry(char who, int host) {
        return new PlayerEntry(id(who), "127.0.0." + host, 6000 + host, false);
    }

    /** Books 0 to {@code count} - 1. */
    public static BitSet firstBooks(int count) {
        BitSet books = new BitSet();
        books.set(0, count);
        return books;
    }
}
