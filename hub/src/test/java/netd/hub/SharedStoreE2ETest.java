package netd.hub;

import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.testing.FreePort;
import netd.common.testing.JarProcess;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.InvalidAddress;
import netd.common.wire.HubMessage.Notify;
import netd.common.wire.HubMessage.PlayerEntry;
import netd.common.wire.HubCodec;
import netd.hub.redis.RedisRegistry;
import netd.hub.redis.RedisServer;
import netd.hub.web.PrometheusText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two hub jars, separate processes, sharing one real Redis server of the test's own. With
 * --interval 1 a silent player is dropped after 3 s.
 */
class SharedStoreE2ETest {
    private static final Pattern LISTENING = Pattern.compile("hub listening on");
    private static final Duration START = Duration.ofSeconds(20);
    private static final Duration SILENCE_LIMIT = Duration.ofSeconds(3);
    private static final Random random = new Random();
    private static final Duration STORE_PAUSE = Duration.ofMillis(800);
    /** A notify whose info hash is 3 bytes long: the hub answers it with a failure, without its store. */
    private static final byte[] NOTIFY_WITH_SHORT_INFO_HASH = {0, 28, 0x10, 'd', '9', ':', 'i', 'n', 'f', 'o', '_', 'h', 'a',
            's', 'h', '3', ':', 'a', 'b', 'c', '4', ':', 'p', 'o', 'r', 't', 'i', '1', 'e', 'e'};

    private final InfoHash stuff = newStuff();
    private final List<AutoCloseable> started = new ArrayList<>();
    private RedisServer redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable closeable : started.reversed()) {
            closeable.close();
        }
        redis.close();
    }

    @Test
    void twoHubsServeOneSwarmAndStoppedAtEitherRemovesThePlayer() throws Exception {
        int a = startHub();
        int b = startHub();
        HubClient one = client(a);
        HubClient two = client(b);
        HubClient three = client(b);

        one.announce(stuff, player(1), 7001, Event.START);
        Answer atB = two.announce(stuff, player(2), 7002, Event.COMPLETED);
        // Hub A reads the swarm anew once its sample of it is this old (what README promises).
        Thread.sleep(RedisRegistry.SAMPLE_AGE.toMillis());
        Answer atA = one.announce(stuff, player(1), 7001, Event.START);

        assertEquals(List.of(new PlayerEntry(player(1), "127.0.0.1", 7001, false)), atB.players());
        assertEquals(List.of(new PlayerEntry(player(2), "127.0.0.1", 7002, true)), atA.players());
        assertEquals(1, atA.complete());
        assertEquals(1, atA.incomplete());

        // Player 2 says goodbye through hub B; hub A no longer lists it.
        three.announce(stuff, player(2), 7002, Event.STOPPED);
        Thread.sleep(RedisRegistry.SAMPLE_AGE.toMillis());
        Answer after = one.announce(stuff, player(1), 7001, Event.START);
        assertEquals(List.of(), after.players());
        assertEquals(0, after.complete());
        assertEquals(1, after.incomplete());
    }

    @Test
    void aKilledHubsPlayersAreListedUntilTheyExpireUnlessTheyAnnounceToAnotherHub() throws Exception {
        JarProcess hubA = startHubProcess();
        int a = port(hubA);
        int b = startHub();
        HubClient silentSoon = client(a);
        HubClient moving = client(a);
        HubClient observer = client(b);
        silentSoon.announce(stuff, player(1), 7001, Event.START);
        moving.announce(stuff, player(2), 7002, Event.START);
        long killedAt = System.nanoTime();
        hubA.kill();

        HubClient moved = client(b);
        assertEquals(Set.of(player(1), player(2)), ids(observer.announce(stuff, player(3), 7003, Event.START)));
        // Player 2 keeps announcing, now to hub B; player 1 is silent from now on.
        while (elapsed(killedAt).compareTo(SILENCE_LIMIT.minusMillis(1000)) < 0) {
            moved.announce(stuff, player(2), 7002, Event.START);
            Thread.sleep(300);
        }
        assertEquals(Set.of(player(1), player(2)), ids(observer.announce(stuff, player(3), 7003, Event.START)),
                "still listed a second before its silence limit");
        while (elapsed(killedAt).compareTo(SILENCE_LIMIT.plusMillis(1000)) < 0) {
            moved.announce(stuff, player(2), 7002, Event.START);
            Thread.sleep(300);
        }
        Answer late = observer.announce(stuff, player(3), 7003, Event.START);
        assertEquals(Set.of(player(2)), ids(late), "a second past its silence limit");
        assertEquals(2, late.incomplete());
    }

    @Test
    void anAddressReportedAtOneHubIsDroppedForAPlayerOfTheOther() throws Exception {
        int a = startHub();
        int b = startHub();
        int deadPort = FreePort.find();
        HubClient dead = client(a);
        HubClient reporter = client(b);
        dead.announce(stuff, player(1), deadPort, Event.START);
        assertEquals(Set.of(player(1)), ids(reporter.announce(stuff, player(2), 7002, Event.START)));

        reporter.send(new InvalidAddress(List.of(new HostPort("127.0.0.1", deadPort))));

        HubClient observer = client(a);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ids(observer.announce(stuff, player(3), 7003, Event.START)).contains(player(1))) {
            assertTrue(System.nanoTime() < deadline, "the unreachable player is still listed at the other hub");
            Thread.sleep(200);
        }
    }

    @Test
    void redisLostWhileRunningMeansFailureAnswersOneWarningAndRecovery() throws Exception {
        JarProcess hub = startHubProcess();
        HubClient player = client(port(hub));
        assertNull(player.announce(stuff, player(1), 7001, Event.START).failureReason());

        redis.kill();
        for (int i = 0; i < 20; i++) {
            Answer answer = player.announce(stuff, player(1), 7001, Event.START);
            assertNotNull(answer.failureReason(), "announce " + i + " while Redis is down");
            assertTrue(answer.failureReason().contains("127.0.0.1:" + redis.port()), answer.failureReason());
            Thread.sleep(50);
        }
        redis.restart();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Answer answer;
        while ((answer = player.announce(stuff, player(1), 7001, Event.START)).failureReason() != null) {
            assertTrue(System.nanoTime() < deadline, "the hub did not recover: " + answer.failureReason());
            Thread.sleep(100);
        }
        assertEquals(1, answer.incomplete(), "registered again in the restarted Redis");
        hub.awaitLine(Pattern.compile("is back after"), Duration.ofSeconds(5));
        assertEquals(1, count(hub.output(), "WARN"), hub.output());
        assertEquals(1, count(hub.output(), "cannot be reached"), hub.output());
    }

    @Test
    void whileTheStoreKeepsABatchWaitingTheHubStillReadsAndAnswersOtherConnections() throws Exception {
        int port = startHub();
        HubClient waiting = client(port);
        HubClient rogue = client(port);
        assertNull(waiting.announce(stuff, player(1), 7001, Event.START).failureReason(), "Redis is up");

        // Redis holds every command for a while, less than the hub's socket timeout: slow, not lost.
        try (Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            admin.clientPause(STORE_PAUSE.toMillis(), ClientPauseMode.ALL);
        }
        long paused = System.nanoTime();
        waiting.send(new Notify(stuff, player(1), 7001, 0, 0, 100, Event.STARTED));
        CompletableFuture<Long> answeredAt = CompletableFuture.supplyAsync(() -> {
            try {
                assertNull(waiting.readAnswer().failureReason(), "answered once Redis goes on");
                return System.nanoTime();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Thread.sleep(200); // the hub has read the announce: its batch waits for Redis
        rogue.sendRaw(NOTIFY_WITH_SHORT_INFO_HASH);
        assertNotNull(rogue.readAnswer().failureReason());
        long refusedAt = System.nanoTime();

        long answered = answeredAt.get(10, TimeUnit.SECONDS);
        assertTrue(refusedAt < answered, "the bad notify was answered only "
                + Duration.ofNanos(refusedAt - answered).toMillis() + " ms after the waiting announce");
        assertTrue(answered - paused >= STORE_PAUSE.minusMillis(100).toNanos(),
                "the announce was answered while Redis was paused: the pause did not hold it");
    }

    /**
     * Redis holds the first batch while 700 connections send 16 notifies each at once: the
     * hub reads until {@link HubLibrary#FULL} wait, then reads no more until the batch is
     * back, and the next round of reads brings more than {@link HubLibrary#MAX_WAITING}: those
     * beyond are refused at once with {@link HubLibrary#STORE_BUSY}; the others wait and are
     * answered, in round trips of {@link HubLibrary#MAX_BATCH} at most. None is lost.
     */
    @Test
    void whileRedisIsSlowerThanAnnouncesArriveTheHubBatchesBoundedlyAndRefusesOnlyWhatCannotWait() throws Exception {
        // No more notifies a connection than the hub lets answers wait for it (SEND_QUEUE): the
        // answers refused at once come all together, and a connection that leaves more waiting
        // is dropped as one that does not read.
        int connections = 700;
        int perConnection = HubSettings.SEND_QUEUE;
        // A connection waits for its answers longer than 3 s on a busy machine: with the usual
        // 1 s interval the hub would close it as silent, which is not what this test is about.
        JarProcess hub = startHubProcess(10, "--http-port", "0");
        int port = port(hub);
        int httpPort = Integer.parseInt(hub.awaitLine(Pattern.compile("hub web on http://127\\.0\\.0\\.1:(\\d+)/"), START)
                .group(1));
        assertNull(client(port).announce(stuff, player(1), 7001, Event.START).failureReason(), "Redis is up");
        List<HubClient> senders = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            senders.add(client(port));
        }
        double roundTripsBefore = announceRoundTrips(httpPort);

        try (Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            admin.clientPause(STORE_PAUSE.toMillis(), ClientPauseMode.ALL);
        }
        List<String> reasons = new ArrayList<>();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<String>>> answers = new ArrayList<>();
            for (HubClient sender : senders) { // every connection read as its answers come
                answers.add(readers.submit(() -> failureReasons(sender, perConnection)));
            }
            for (HubClient sender : senders) {
                ByteArrayOutputStream burst = new ByteArrayOutputStream();
                for (int j = 0; j < perConnection; j++) { // each player of a stuff of its own: answers list nobody
                    HubCodec.INSTANCE.encode(new Notify(newStuff(), player(2 + j), 7002, 0, 0, 100, Event.START),
                            new DataOutputStream(burst));
                }
                sender.sendRaw(burst.toByteArray());
            }
            for (Future<List<String>> answered : answers) {
                reasons.addAll(answered.get(60, TimeUnit.SECONDS));
            }
        }

        long answered = reasons.stream().filter(reason -> reason.isEmpty()).count();
        long busy = reasons.stream().filter(HubLibrary.STORE_BUSY::equals).count();
        assertEquals(connections * perConnection, answered + busy, "every notify answered, or refused as store busy: "
                + reasons.stream().filter(reason -> !reason.isEmpty() && !reason.equals(HubLibrary.STORE_BUSY)).findFirst());
        assertTrue(busy > 0, "one round of reads brought more than MAX_WAITING, which must be refused");
        assertTrue(answered >= HubLibrary.FULL, "only what could not wait is refused: " + answered + " answered");
        double roundTrips = announceRoundTrips(httpPort) - roundTripsBefore;
        assertTrue(roundTrips >= Math.ceil(answered / (double) HubLibrary.MAX_BATCH),
                answered + " announces in " + roundTrips + " round trips: more than MAX_BATCH in one");
    }

    /** The failure reasons of {@code count} answers, "" for an answer without one. */
    private static List<String> failureReasons(HubClient client, int count) {
        List<String> reasons = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String reason = client.readAnswer().failureReason();
                reasons.add(reason == null ? "" : reason);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reasons;
    }

    /** Pipelined round trips of announces the hub has made to Redis, from its /metrics. */
    private static double announceRoundTrips(int httpPort) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return PrometheusText.parse(metrics).get("netd_hub_store_round_trip_seconds_count{operation=\"announce\"}");
        }
    }

    @Test
    void redisUnreachableAtStartIsExitOneWithOneSentenceNamingIt() throws Exception {
        int nobody = FreePort.find();
        JarProcess.Result result = JarProcess.run("hub", List.of("--bind", "127.0.0.1", "--port", "0", "--store",
                "redis://127.0.0.1:" + nobody), START);

        assertEquals(1, result.exitCode(), result.output());
        assertEquals(1, result.output().strip().lines().count(), result.output());
        assertTrue(result.output().startsWith("hub: cannot reach the Redis store at 127.0.0.1:" + nobody + ": "), result.output());
    }

    @Test
    void aStoreAddressOfAnotherFormIsAUsageError() throws Exception {
        JarProcess.Result result = JarProcess.run("hub", List.of("--store", "localhost:6379"), START);

        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().startsWith("hub: --store: invalid store address 'localhost:6379'"), result.output());
    }

    private int startHub() throws Exception {
        return port(startHubProcess());
    }

    private JarProcess startHubProcess(String... more) throws Exception {
        return startHubProcess(1, more);
    }

    private JarProcess startHubProcess(int intervalSeconds, String... more) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0", "--interval", "" + intervalSeconds,
                "--min-interval", "0", "--store", redis.uri()));
        arguments.addAll(List.of(more));
        JarProcess hub = JarProcess.start("hub", arguments);
        started.add(hub);
        hub.awaitLine(LISTENING, START);
        return hub;
    }

    private static int port(JarProcess hub) throws InterruptedException {
        return Integer.parseInt(hub.awaitLine(Pattern.compile("hub listening on 127\\.0\\.0\\.1:(\\d+)"), START).group(1));
    }

    private HubClient client(int port) throws Exception {
        HubClient client = HubClient.connect(port);
        started.add(client);
        return client;
    }

    private static Set<PlayerId> ids(Answer answer) {
        assertNull(answer.failureReason());
        return answer.players().stream().map(PlayerEntry::playerId).collect(Collectors.toSet());
    }

    private static Duration elapsed(long since) {
        return Duration.ofNanos(System.nanoTime() - since);
    }

    private static long count(String output, String word) {
        return output.lines().filter(line -> line.contains(word)).count();
    }

    private static PlayerId player(int number) {
        return RegistrarTest.player(number);
    }

    private static InfoHash newStuff() {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        return InfoHash.of(bytes);
    }
}
