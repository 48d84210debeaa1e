package netd.hub;

import netd.common.bencode.BDictionary;
import netd.common.bencode.BInteger;
import netd.common.bencode.BList;
import netd.common.bencode.BString;
import netd.common.bencode.BValue;
import netd.common.bencode.Bencode;
import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.testing.FreePort;
import netd.common.testing.JarProcess;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.InvalidAddress;
import netd.common.wire.HubMessage.Notify;
import netd.common.wire.HubMessage.PlayerEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hub jar over real sockets on 127.0.0.1. Each test uses stuffs of its own on one shared hub. */
// Bounds each test of the class (its waits are 5-20 s): a hang fails that test, not the build.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HubE2ETest {
    private static final Pattern LISTENING = Pattern.compile("hub listening on");
    private static final Duration START = Duration.ofSeconds(20);
    /** With --interval 1, a silent player or connection is dropped after 3 s. */
    private static final List<String> FAST = List.of("--interval", "1", "--min-interval", "0");
    private static final Random random = new Random();

    private static JarProcess hub;
    private static int port;

    @BeforeAll
    static void startHub() throws Exception {
        port = FreePort.find();
        hub = startHub(port, FAST);
    }

    @AfterAll
    static void stopHub() throws Exception {
        hub.close();
    }

    @Test
    void twoPlayersSeeEachOther() throws IOException {
        InfoHash stuff = newStuff();
        try (HubClient a = HubClient.connect(port); HubClient b = HubClient.connect(port)) {
            Answer first = a.announce(stuff, player(1), 7001, Event.START);
            Answer second = b.announce(stuff, player(2), 7002, Event.STARTED);
            Answer again = a.announce(stuff, player(1), 7001, Event.START);

            assertEquals(List.of(), first.players());
            assertEquals(List.of(new PlayerEntry(player(1), "127.0.0.1", 7001, false)), second.players());
            assertEquals(List.of(new PlayerEntry(player(2), "127.0.0.1", 7002, false)), again.players());
            assertEquals(1, again.interval());
            assertEquals(0, again.minInterval());
            assertEquals(0, again.complete());
            assertEquals(2, again.incomplete());
        }
    }

    @Test
    void sixtyPlayersGetFiftyOthersEach() throws IOException {
        InfoHash stuff = newStuff();
        List<HubClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                clients.add(HubClient.connect(port));
                clients.get(i).announce(stuff, player(i), 7000 + i, Event.START);
            }
            for (int i = 0; i < 60; i++) {
                Answer answer = clients.get(i).announce(stuff, player(i), 7000 + i, Event.START);
                List<PlayerId> others = answer.players().stream().map(PlayerEntry::playerId).toList();
                assertEquals(50, new HashSet<>(others).size());
                assertFalse(others.contains(player(i)));
                assertEquals(60, answer.incomplete());
            }
        } finally {
            clients.forEach(HubClient::close);
        }
    }

    @Test
    void stoppedRemovesThePlayer() throws IOException {
        InfoHash stuff = newStuff();
        try (HubClient a = HubClient.connect(port); HubClient b = HubClient.connect(port)) {
            a.announce(stuff, player(1), 7001, Event.START);
            a.announce(stuff, player(1), 7001, Event.STOPPED);

            Answer answer = b.announce(stuff, player(2), 7002, Event.START);
            assertEquals(List.of(), answer.players());
            assertEquals(1, answer.incomplete());
        }
    }

    @Test
    void aSilentPlayerExpiresThoughItsConnectionStaysOpen() throws Exception {
        InfoHash stuff = newStuff();
        try (HubClient silent = HubClient.connect(port); HubClient b = HubClient.connect(port)) {
            silent.announce(stuff, player(1), 7001, Event.START);
            for (int i = 0; i < 8; i++) {
                Thread.sleep(500);
                silent.sendRaw(new byte[] {0, 0}); // keep-alive: the connection lives, the player is not refreshed
                b.announce(stuff, player(2), 7002, Event.START);
            }
            assertEquals(List.of(), b.announce(stuff, player(2), 7002, Event.START).players());
        }
    }

    @Test
    void theClosingOfAConnectionDropsItsPlayers() throws Exception {
        InfoHash stuff = newStuff();
        try (HubClient b = HubClient.connect(port)) {
            try (HubClient a = HubClient.connect(port)) {
                a.announce(stuff, player(1), 7001, Event.START);
            }
            awaitPlayers(b, stuff, players -> assertEquals(List.of(), players));
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws IOException {
        try (HubClient idle = HubClient.connect(port)) {
            assertTrue(idle.closedByHubWithin(Duration.ofSeconds(10)));
        }
    }

    @Test
    void anUnreachableReportedPlayerIsDroppedAndAReachableOneKept() throws Exception {
        InfoHash stuff = newStuff();
        int deadPort = FreePort.find();
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             HubClient alive = HubClient.connect(port); HubClient dead = HubClient.connect(port);
             HubClient reporter = HubClient.connect(port)) {
            alive.announce(stuff, player(1), listening.getLocalPort(), Event.START);
            dead.announce(stuff, player(2), deadPort, Event.START);
            reporter.send(new InvalidAddress(List.of(new HostPort("127.0.0.1", listening.getLocalPort()),
                    new HostPort("127.0.0.1", deadPort))));

            awaitPlayers(reporter, stuff, players -> assertEquals(List.of(player(1)),
                    players.stream().map(PlayerEntry::playerId).toList()));
        }
    }

    record BadInput(String what, byte[] bytes, boolean answered) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<BadInput> badInputs() {
        return Stream.of(
                answered("garbage bencode", frame(HubMessage.NOTIFY, "d8:info_has".getBytes(StandardCharsets.US_ASCII))),
                answered("an empty notify", frame(HubMessage.NOTIFY, new byte[0])),
                answered("a list instead of a dictionary", frame(HubMessage.NOTIFY, Bencode.encode(new BList(List.of())))),
                answered("a missing key", notifyWith(m -> m.remove(BString.of("player_id")))),
                answered("a port of the wrong type", notifyWith(m -> m.put(BString.of("port"), BString.of("7001")))),
                answered("a 19-byte info hash", notifyWith(m -> m.put(BString.of("info_hash"), BString.of(new byte[19])))),
                answered("a 21-byte player id", notifyWith(m -> m.put(BString.of("player_id"), BString.of(new byte[21])))),
                answered("port 0", notifyWith(m -> m.put(BString.of("port"), new BInteger(0)))),
                answered("port 70000", notifyWith(m -> m.put(BString.of("port"), new BInteger(70000)))),
                answered("an unknown event", notifyWith(m -> m.put(BString.of("event"), BString.of("paused")))),
                closed("an unknown message id", frame(0x42, new byte[] {1, 2, 3})),
                closed("a peer message", frame(0x02, new byte[0])),
                closed("a hub answer from a player", frame(HubMessage.ANSWER, Bencode.encode(
                        HubCodec.dictionary(Answer.failure("no", 1, 1))))),
                closed("an undecodable invalid-address report", frame(HubMessage.INVALID_ADDRESS, "d9:list_playeri3ee".getBytes(StandardCharsets.US_ASCII))),
                closed("a frame cut short", new byte[] {0, 50, 0x10, 'd'}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsAnsweredOrClosedAndOthersAreStillServed(BadInput bad) throws IOException {
        InfoHash stuff = newStuff();
        try (HubClient good = HubClient.connect(port); HubClient rogue = HubClient.connect(port)) {
            good.announce(stuff, player(1), 7001, Event.START);
            rogue.sendRaw(bad.bytes());
            if (bad.answered()) {
                Answer answer = rogue.readAnswer();
                assertNotNull(answer.failureReason(), "a failure reason");
                assertTrue(answer.failureReason().startsWith("invalid notify"), answer.failureReason());
                assertEquals(1, answer.interval(), "all five keys are there too");
                Answer afterwards = rogue.announce(stuff, player(2), 7002, Event.START);
                assertNull(afterwards.failureReason(), "the connection is kept");
            } else if (bad.what().equals("a frame cut short")) {
                rogue.close(); // the hub sees the stream end inside the frame
            } else {
                assertTrue(rogue.closedByHubWithin(Duration.ofSeconds(5)));
            }
            Answer answer = good.announce(stuff, player(1), 7001, Event.START);
            assertNull(answer.failureReason());
        }
        assertTrue(hub.isAlive());
    }

    /** 51 players in a new stuff, so that every answer lists 50 (about 4 KiB). */
    private static InfoHash crowdedStuff(HubClient client) throws IOException {
        InfoHash stuff = newStuff();
        for (int i = 0; i < 51; i++) {
            client.announce(stuff, player(1000 + i), 10_000 + i, Event.START);
        }
        return stuff;
    }

    private static byte[] notifies(InfoHash stuff, int count) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            HubCodec.INSTANCE.encode(new Notify(stuff, player(1), 7001, 0, 0, 100, Event.START), new DataOutputStream(bytes));
        }
        return bytes.toByteArray();
    }

    @Test
    void answersTheSocketCouldNotTakeAtOnceArriveWhole() throws Exception {
        try (HubClient crowd = HubClient.connect(port); HubClient slow = HubClient.connectSlow(port, 4096)) {
            InfoHash stuff = crowdedStuff(crowd);
            slow.sendRaw(notifies(stuff, 12)); // about 50 KiB of answers, unread for a while
            Thread.sleep(500);
            for (int i = 0; i < 12; i++) {
                assertEquals(50, slow.readAnswer().players().size(), "answer " + i);
            }
        }
    }

    @Test
    void aPlayerThatDoesNotReadItsAnswersIsDroppedAndOthersAreStillServed() throws Exception {
        try (HubClient crowd = HubClient.connect(port); HubClient deaf = HubClient.connectSlow(port, 4096)) {
            InfoHash stuff = crowdedStuff(crowd);
            int sent = 5000; // about 20 MiB of answers: more than the sockets' buffers hold
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    deaf.sendRaw(notifies(stuff, sent));
                } catch (IOException e) {
                    // the hub closed the connection while the notifies were still going out
                }
            });
            writer.join();
            // The hub has read the notifies; unread, their answers fill the sockets' buffers
            // (at most 4 MiB by the kernel's tcp_wmem) and then its send queue. Shorter than
            // the 3 s after which this hub closes a silent connection anyway.
            Thread.sleep(1500);
            assertTrue(deaf.answersUntilClosed(Duration.ofSeconds(10)) < sent, "the hub kept answering a player that does not read");
        }
        try (HubClient other = HubClient.connect(port)) {
            assertNull(other.announce(newStuff(), player(2000), 7002, Event.START).failureReason());
        }
    }

    @Test
    void connectionsOverTheLimitAreClosed() throws Exception {
        int limitedPort = FreePort.find();
        try (JarProcess limited = startHub(limitedPort, List.of("--max-connections", "2"));
             HubClient first = HubClient.connect(limitedPort); HubClient second = HubClient.connect(limitedPort)) {
            InfoHash stuff = newStuff();
            first.announce(stuff, player(1), 7001, Event.START);
            second.announce(stuff, player(2), 7002, Event.START);
            try (HubClient third = HubClient.connect(limitedPort)) {
                assertTrue(third.closedByHubWithin(Duration.ofSeconds(5)));
            }
            assertEquals(1, first.announce(stuff, player(1), 7001, Event.START).players().size());
        }
    }

    @Test
    void sigtermStopsTheHubWithExitCodeZero() throws Exception {
        int ownPort = FreePort.find();
        try (JarProcess own = startHub(ownPort, List.of()); HubClient client = HubClient.connect(ownPort)) {
            client.announce(newStuff(), player(1), 7001, Event.START);
            own.stop();
            assertEquals(0, own.waitFor(Duration.ofSeconds(10)));
            assertTrue(client.closedByHubWithin(Duration.ofSeconds(5)));
        }
    }

    @Test
    void aPortInUseIsOneSentenceAndExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            JarProcess.Result result = JarProcess.run("hub",
                    List.of("--bind", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort())), START);
            assertEquals(1, result.exitCode(), result.output());
            assertTrue(result.output().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), result.output());
            assertFalse(result.output().contains("Exception"), result.output());
        }
    }

    private static JarProcess startHub(int port, List<String> options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", String.valueOf(port)));
        args.addAll(options);
        JarProcess process = JarProcess.start("hub", args);
        process.awaitLine(LISTENING, START);
        return process;
    }

    /** Announces every 200 ms until the listed players pass {@code check}, for up to 10 s. */
    private static void awaitPlayers(HubClient client, InfoHash stuff, Consumer<List<PlayerEntry>> check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<PlayerEntry> players = client.announce(stuff, player(99), 7099, Event.START).players();
            try {
                check.accept(players);
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    private static BadInput answered(String what, byte[] bytes) {
        return new BadInput(what, bytes, true);
    }

    private static BadInput closed(String what, byte[] bytes) {
        return new BadInput(what, bytes, false);
    }

    private static byte[] notifyWith(Consumer<Map<BString, BValue>> change) {
        Notify good = new Notify(newStuff(), player(3), 7003, 0, 0, 100, Event.START);
        Map<BString, BValue> entries = new TreeMap<>(HubCodec.dictionary(good).entries());
        change.accept(entries);
        return frame(HubMessage.NOTIFY, Bencode.encode(new BDictionary(entries)));
    }

    private static byte[] frame(int id, byte[] payload) {
        byte[] frame = new byte[3 + payload.length];
        frame[0] = (byte) ((payload.length + 1) >> 8);
        frame[1] = (byte) (payload.length + 1);
        frame[2] = (byte) id;
        System.arraycopy(payload, 0, frame, 3, payload.length);
        return frame;
    }

    private static InfoHash newStuff() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return InfoHash.of(bytes);
    }

    private static PlayerId player(int number) {
        return RegistrarTest.player(number);
    }
}
