package netd.hub;

import netd.common.id.InfoHash;
import netd.common.testing.FreePort;
import netd.common.testing.JarProcess;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.Notify;
import netd.hub.web.PrometheusText;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hub jar's web side (--http-port) over real sockets on 127.0.0.1, after real announces. */
class HubWebE2ETest {
    private static final Pattern WEB = Pattern.compile("hub web on http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final Duration START = Duration.ofSeconds(20);
    private static final InfoHash STUFF = InfoHash.of(HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f1011121314"));
    private static final InfoHash OTHER = InfoHash.of(HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100ffeeddcc"));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void metricsAndSwarmsShowTheAnnouncesMade() throws Exception {
        int port = FreePort.find();
        try (JarProcess hub = JarProcess.start("hub", List.of("--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--http-port", "0"))) {
            int httpPort = Integer.parseInt(hub.awaitLine(WEB, START).group(1));
            try (HubClient a = HubClient.connect(port); HubClient b = HubClient.connect(port);
                 HubClient c = HubClient.connect(port); HubClient rogue = HubClient.connect(port)) {
                a.announce(STUFF, RegistrarTest.player(1), 7001, Event.START);
                a.announce(STUFF, RegistrarTest.player(1), 7001, Event.STARTED);
                b.send(new Notify(STUFF, RegistrarTest.player(2), 7002, 0, 0, 0, Event.COMPLETED));
                b.readAnswer();
                c.announce(OTHER, RegistrarTest.player(3), 7003, Event.START);
                c.announce(OTHER, RegistrarTest.player(3), 7003, Event.STOPPED);
                // A notify whose info hash is 3 bytes long: answered with a failure.
                rogue.sendRaw(new byte[] {0, 28, 0x10, 'd', '9', ':', 'i', 'n', 'f', 'o', '_', 'h', 'a', 's', 'h', '3', ':',
                        'a', 'b', 'c', '4', ':', 'p', 'o', 'r', 't', 'i', '1', 'e', 'e'});
                Answer refused = rogue.readAnswer();
                assertNotNull(refused.failureReason());

                Map<String, Double> metrics = PrometheusText.parse(get(httpPort, "/metrics", 200));
                assertEquals(2.0, metrics.get("netd_hub_announces_total{event=\"start\"}"));
                assertEquals(1.0, metrics.get("netd_hub_announces_total{event=\"started\"}"));
                assertEquals(1.0, metrics.get("netd_hub_announces_total{event=\"completed\"}"));
                assertEquals(1.0, metrics.get("netd_hub_announces_total{event=\"stopped\"}"));
                assertEquals(6.0, metrics.get("netd_hub_answers_total"));
                assertEquals(1.0, metrics.get("netd_hub_failures_total"));
                assertEquals(4.0, metrics.get("netd_hub_connections"));
                assertEquals(1.0, metrics.get("netd_hub_swarms"), "the other stuff's only player stopped");
                assertEquals(1.0, metrics.get("netd_hub_players{state=\"complete\"}"));
                assertEquals(1.0, metrics.get("netd_hub_players{state=\"incomplete\"}"));
                assertEquals(5.0, metrics.get("netd_hub_announce_seconds_count"), "one latency per answer without failure");
                assertEquals(5.0, metrics.get("netd_hub_announce_seconds_bucket{le=\"+Inf\"}"));
                assertTrue(metrics.get("netd_hub_announce_seconds_sum") > 0);
                assertTrue(metrics.keySet().stream().anyMatch(series -> series.startsWith("jvm_memory_used_bytes")),
                        "the JVM's figures");

                assertEquals("[{\"info_hash\":\"" + STUFF + "\",\"complete\":1,\"incomplete\":1,\"announces_last_minute\":3}]",
                        get(httpPort, "/api/swarms", 200));

                String swarm = get(httpPort, "/api/swarm?info_hash=" + STUFF.toString().toUpperCase(), 200);
                assertTrue(swarm.startsWith("{\"info_hash\":\"" + STUFF + "\",\"players\":["), swarm);
                String time = "\"last_announce\":\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\"";
                assertTrue(Pattern.compile("\\{\"id\":\"" + RegistrarTest.player(1) + "\",\"address\":\"127\\.0\\.0\\.1\","
                        + "\"port\":7001,\"complete\":false," + time + "}").matcher(swarm).find(), swarm);
                assertTrue(Pattern.compile("\\{\"id\":\"" + RegistrarTest.player(2) + "\",\"address\":\"127\\.0\\.0\\.1\","
                        + "\"port\":7002,\"complete\":true," + time + "}").matcher(swarm).find(), swarm);
                assertEquals("{\"info_hash\":\"" + OTHER + "\",\"players\":[]}",
                        get(httpPort, "/api/swarm?info_hash=" + OTHER, 200));
                get(httpPort, "/api/swarm?info_hash=12", 400);
                get(httpPort, "/api/nothing", 404);
            }
            // Connections closed: the gauge follows once the hub has seen them close.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (PrometheusText.parse(get(httpPort, "/metrics", 200)).get("netd_hub_connections") != 0.0) {
                assertTrue(System.nanoTime() < deadline, "the closed connections are still counted open");
                Thread.sleep(50);
            }
        }
    }

    private String get(int port, String path, int status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), path + ": " + response.body());
        return response.body();
    }
}
