package netd.player.web;

import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.library.LibraryFormat;
import netd.player.Progress;
import netd.player.Speeds;
import netd.player.StatusJson;
import netd.player.core.ManagerView;
import netd.player.core.ManagerView.PeerView;
import netd.player.core.Role;
import netd.player.peer.Peer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlayerWebTest {
    @Test
    void tellsTheOtherPlayersProgramByItsId() {
        assertEquals("netd", PlayerWeb.client(PlayerId.parse("-ND0100-0123456789ab")));
        assertEquals("original", PlayerWeb.client(PlayerId.parse("-RO0101-7ec7150dddf3")));
        assertEquals("other", PlayerWeb.client(PlayerId.of("-XX0001-0123456789ab".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("unknown", PlayerWeb.client(null));
    }

    @Test
    void theApiAddsTheBookMapTheSpeedsAndThePeersToTheStatus() {
        Library library = LibraryFormat.create(new HostPort("127.0.0.1", 8001), "a.bin", 3 * 16_384, 16_384,
                new byte[3 * 20], "tests", null);
        Progress progress = new Progress(library.length(), library.bookCount());
        progress.held(1, 16_384);
        Speeds speeds = new Speeds(0, 0, 0);
        speeds.sample(5, 7, 1000);
        StatusJson status = new StatusJson(PlayerId.parse("-ND0100-0123456789ab"), library, progress, speeds,
                InstantSource.fixed(Instant.EPOCH));
        BitSet held = new BitSet();
        held.set(0);
        BitSet downloading = new BitSet();
        downloading.set(2);
        PeerView hostile = new PeerView(PlayerId.of("\"},{\"x\":\"<b>\\zzzzzzz".getBytes(StandardCharsets.US_ASCII)),
                "127.0.0.1:7000", Role.UPLOAD, true, false, 0, 16_384, -1);
        LatestView.Seen seen = new LatestView.Seen(new ManagerView(held, downloading, List.of(hostile)),
                List.of(new long[] {0, 4096}));

        String json = PlayerWeb.statusJson(status, progress, speeds, seen);

        assertTrue(json.startsWith("{\"schema\":1,"), json);
        assertTrue(json.contains(",\"size_bytes\":49152,\"book_size\":16384,"), json);
        assertTrue(json.contains(",\"running\":true,"
                + "\"book_map\":{\"books_per_cell\":1,\"cells\":\"yAD/\",\"books_downloading\":1},"
                + "\"speed_history\":{\"seconds_per_sample\":1,\"down\":[5],\"up\":[7]},"
                + "\"peer_list\":[{\"player_id\":\"\\\"},{\\\"x\\\":\\\"<b>\\\\zzzzzzz\",\"address\":\"127.0.0.1:7000\","
                + "\"direction\":\"upload\",\"client\":\"other\",\"choked\":true,\"interested\":false,"
                + "\"down_bytes_per_s\":0,\"up_bytes_per_s\":4096,\"downloaded_bytes\":0,\"uploaded_bytes\":16384,"
                + "\"books_held\":-1}]}"), json);
    }
}
