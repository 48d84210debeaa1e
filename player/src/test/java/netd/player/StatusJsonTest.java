package netd.player;

import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.library.LibraryFormat;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusJsonTest {
    private static final PlayerId ID = PlayerId.parse("-ND0100-0123456789ab");
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-06T01:02:03.456789Z"));

    private static Library library(String name) {
        return LibraryFormat.create(new HostPort("127.0.0.1", 8001), name, 40_000, 16_384, new byte[3 * 20], "tests", null);
    }

    @Test
    void theStatusFileIsOneFlatObjectWithItsSchemaTimeStuffAndSpeeds() {
        Library library = library("stuff.bin");
        Progress progress = new Progress(library.length(), library.bookCount());
        progress.held(1, 16_384);
        progress.downloaded(16_384);
        progress.uploaded(100);
        progress.peers(2);
        progress.hubAnswered();
        progress.hubAnswered();
        Speeds speeds = new Speeds(0, 0, 0);
        speeds.sample(10_000, 100, 1000);
        assertEquals("{\"schema\":1,\"updated_at\":\"2026-12-06T01:02:03.456Z\",\"player_id\":\"-ND0100-0123456789ab\","
                        + "\"info_hash\":\"" + library.infoHash() + "\",\"name\":\"stuff.bin\",\"size_bytes\":40000,\"book_size\":16384,"
                        + "\"books_held\":1,\"books_total\":3,\"percent\":33.3,\"left_bytes\":23616,"
                        + "\"downloaded_bytes\":16384,\"uploaded_bytes\":100,\"down_bytes_per_s\":3000,"
                        + "\"up_bytes_per_s\":30,\"eta_seconds\":7,\"peers\":2,\"hub_answers\":2,\"bad_books\":0,\"complete\":false,"
                        + "\"running\":true}\n",
                new StatusJson(ID, library, progress, speeds, CLOCK).document(true));
        assertEquals(40, library.infoHash().toString().length());
    }

    @Test
    void aCompleteStuffNeedsNoTimeAndAHostileNameStaysOneString() {
        Library library = library("<img src=x onerror=alert(1)>\".bin");
        Progress progress = new Progress(library.length(), library.bookCount());
        progress.held(3, library.length());
        String json = new StatusJson(ID, library, progress, new Speeds(0, 0, 0), CLOCK).document(false);
        assertEquals(true, json.contains("\"name\":\"<img src=x onerror=alert(1)>\\\".bin\""), json);
        assertEquals(true, json.contains("\"eta_seconds\":0,"), json);
        assertEquals(true, json.endsWith("\"complete\":true,\"running\":false}\n"), json);
    }
}
