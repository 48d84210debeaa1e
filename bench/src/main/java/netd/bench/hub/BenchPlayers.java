package netd.bench.hub;

import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.Notify;

import java.nio.charset.StandardCharsets;

/** The hub benchmarks' players, the same in {@link HubLoad} and {@link AnswerPath}. */
final class BenchPlayers {
    private BenchPlayers() {
    }

    /** Player {@code i}'s notify: of stuff {@code i % stuffs}; every tenth holds the whole stuff. */
    static Notify notify(int i, int stuffs) {
        byte[] stuff = new byte[20];
        stuff[0] = (byte) (i % stuffs);
        stuff[1] = (byte) ((i % stuffs) >> 8);
        PlayerId player = PlayerId.of(String.format("-ND0100-%012x", i).getBytes(StandardCharsets.US_ASCII));
        return new Notify(InfoHash.of(stuff), player, 10_000 + i % 50_000, 0, 0, i % 10 == 0 ? 0 : 1_000_000, Event.START);
    }
}
