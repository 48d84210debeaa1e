package netd.player.e2e;

import netd.common.bencode.BDictionary;
import netd.common.bencode.BList;
import netd.common.bencode.BValue;
import netd.common.bencode.Bencode;
import netd.common.id.PlayerId;
import netd.common.wire.Frame;
import netd.common.wire.HubMessage.Notify;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, "Hostile hubs": a hub whose answers list the asker itself, bad ports and addresses,
 * entries with a key missing, duplicates, as many players as a frame holds, or refuse with a
 * {@code failure reason}, or lack a required key. The players cope (stay up, connect to no
 * garbage and never to themselves, finish from the honest entry) and say what happened.
 */
// Bounds each test of the class (its swarm completes within 45 s): a hang fails that test, not the build.
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileHubE2ETest {
    /** Far more than the few seconds it takes; before a failed connect moved on at once, the crowd took about a minute. */
    private static final Duration DONE = Duration.ofSeconds(45);
    private static final int BOOK = 16 * 1024;

    @TempDir
    Path directory;

    @Test
    void aLeecherCopesWithAHubThatListsGarbageAndFinishesFromTheHonestEntry() throws Exception {
        try (Swarm swarm = Swarm.start(directory, 128L * BOOK, BOOK).heap("64m")) {
            Swarm.Player seeder = swarm.seeder();
            BDictionary honest = entry(PlayerId.parse(seeder.id()), "127.0.0.1", seeder.port());
            BDictionary crowd = crowd(honest);
            swarm.hub().kill();
            List<Function<Notify, BDictionary>> script = List.of(
                    asker -> answer(List.of(entry(asker.playerId(), "127.0.0.1", asker.port()),
                            entry(stranger(), "127.0.0.1", asker.port()),
                            entry(stranger(), "127.0.0.1", 0), entry(stranger(), "999.1.2.3", 6881),
                            entry(stranger(), "localhost", 6881), entry(stranger(), "::1", 6881),
                            BDictionary.builder().put("player id", stranger().toByteArray()).put("port", 6881).build())),
                    asker -> answerBuilder(List.of()).put("failure reason", "you are not welcome").build(),
                    asker -> BDictionary.builder().put("players", new BList(List.of())).build(),
                    asker -> crowd);
            try (FakeHub hub = new FakeHub(swarm.hubPort(), script)) {
                Swarm.Player leecher = swarm.leecher("--exit-when-done");
                leecher.awaitDone(DONE);
                swarm.assertIdentical(leecher.file());

                String log = leecher.process().output();
                assertFalse(log.contains("OutOfMemoryError"), log);
                assertFalse(log.contains("claims this player's own id"), "the leecher connected to itself:\n" + log);
                assertTrue(log.contains("unusable"), "the skipped entries went unmentioned:\n" + log);
                assertTrue(log.contains("1 players this player cannot read"), log);
                assertTrue(log.contains("the hub refused the announce: you are not welcome"), log);
                assertTrue(log.contains("the hub sent an answer this player cannot read"), log);
                assertTrue(seeder.process().isAlive(), "the seeder died:\n" + seeder.process().output());
            }
        }
    }

    /**
     * The honest seeder twice, then strangers on a closed port, as many as one frame holds
     * (10,000 would need about 700 KB; a frame carries 65535 bytes, so about 900 fit).
     */
    private static BDictionary crowd(BDictionary honest) {
        List<BValue> players = new ArrayList<>(List.of(honest, honest));
        while (true) {
            players.add(entry(stranger(), "127.0.0.1", 1));
            if (Bencode.encode(answer(players)).length + 1 > Frame.MAX_LENGTH) {
                players.removeLast();
                return answer(players);
            }
        }
    }

    private static BDictionary answer(List<? extends BValue> players) {
        return answerBuilder(players).build();
    }

    private static BDictionary.Builder answerBuilder(List<? extends BValue> players) {
        return BDictionary.builder().put("interval", 1).put("min interval", 1).put("complete", 1)
                .put("incomplete", 1).put("players", new BList(List.copyOf(players)));
    }

    private static BDictionary entry(PlayerId id, String ip, long port) {
        return BDictionary.builder().put("player id", id.toByteArray()).put("ip", ip).put("port", port)
                .put("complete", 1).build();
    }

    private static PlayerId stranger() {
        return PlayerId.generate(new SecureRandom());
    }
}
