package netd.hub.web;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import netd.common.http.HttpReply;
import netd.common.id.InfoHash;
import netd.common.json.JsonWriter;
import netd.hub.HubLibrary;
import netd.hub.HubMetrics;
import netd.hub.Registration;
import netd.hub.SwarmSummary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The hub's web side, all read-only: the route map served by
 * {@link netd.common.http.ReadOnlyHttpServer}.
 * <ul>
 *   <li>{@code /}: the page, which lists the swarms from {@code /api/swarms} and the players of
 *   the one chosen from {@code /api/swarm} (its script and style come from the jar too);</li>
 *   <li>{@code /metrics}: the Prometheus text format;</li>
 *   <li>{@code /api/swarms}: every swarm, with its counts and its announces of the last minute;</li>
 *   <li>{@code /api/swarm?info_hash=HEX}: one swarm's players.</li>
 * </ul>
 * The registry is read on the hub's thread ({@link HubLibrary}); a request waits for it at
 * most {@link #WAIT}, then is answered 503.
 */
public final class HubWeb {
    static final Duration WAIT = Duration.ofSeconds(2);
    /** Players listed by /api/swarm at most: a page shows a sample of a large swarm, not all of it. */
    static final int MAX_PLAYERS = 1000;

    private final HubLibrary library;
    private final HubMetrics metrics;
    private final PrometheusTextFormatWriter prometheusText = PrometheusTextFormatWriter.create();

    public HubWeb(HubLibrary library, HubMetrics metrics) {
        this.library = library;
        this.metrics = metrics;
    }

    /** Path to what answers it (given the query string). */
    public Map<String, Function<String, HttpReply>> routes() {
        Map<String, Function<String, HttpReply>> routes = new LinkedHashMap<>();
        HttpReply page = HttpReply.resource(HubWeb.class, "index.html", HttpReply.HTML);
        HttpReply script = HttpReply.resource(HubWeb.class, "hub.js", HttpReply.JAVASCRIPT);
        HttpReply style = HttpReply.styleSheet();
        routes.put("/", query -> page);
        routes.put("/hub.js", query -> script);
        routes.put(HttpReply.STYLE_SHEET_PATH, query -> style);
        routes.put("/metrics", query -> metrics());
        routes.put("/api/swarms", query -> swarms());
        routes.put("/api/swarm", this::swarm);
        return routes;
    }

    private HttpReply metrics() {
        return answered(library.figures(), figures -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
            try {
                prometheusText.write(out, metrics.scrape(figures));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new HttpReply(200, HttpReply.PROMETHEUS, out.toByteArray());
        });
    }

    private HttpReply swarms() {
        return answered(library.swarms(), swarms -> {
            JsonWriter json = new JsonWriter().beginArray();
            swarms.stream().sorted(Comparator.comparing(swarm -> swarm.infoHash().toString())).forEach(swarm -> json.beginObject()
                    .member("info_hash", swarm.infoHash().toString())
                    .member("complete", swarm.complete())
                    .member("incomplete", swarm.incomplete())
                    .member("announces_last_minute", swarm.announcesLastMinute())
                    .endObject());
            return HttpReply.ok(HttpReply.JSON, json.endArray().toString());
        });
    }

    private HttpReply swarm(String query) {
        InfoHash infoHash = SwarmQuery.infoHash(query);
        if (infoHash == null) {
            return new HttpReply(400, HttpReply.TEXT,
                    "give the swarm as ?info_hash= and 40 hex digits\n".getBytes(StandardCharsets.UTF_8));
        }
        return answered(library.players(infoHash, MAX_PLAYERS), players -> {
            JsonWriter json = new JsonWriter().beginObject()
                    .member("info_hash", infoHash.toString())
                    .name("players").beginArray();
            for (Registration player : players) {
                json.beginObject()
                        .member("id", player.key().playerId().toString())
                        .member("address", player.ip())
                        .member("port", player.port())
                        .member("complete", player.complete())
                        .member("last_announce", player.lastSeen().toString())
                        .endObject();
            }
            return HttpReply.ok(HttpReply.JSON, json.endArray().endObject().toString());
        });
    }

    /** {@code reply} of what the hub's thread answers, or 503 when it does not answer in time. */
    private static <T> HttpReply answered(CompletableFuture<T> answer, Function<T, HttpReply> reply) {
        try {
            return reply.apply(answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return new HttpReply(503, HttpReply.TEXT, "the hub is too busy to answer now\n".getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HttpReply(503, HttpReply.TEXT, "the hub is stopping\n".getBytes(StandardCharsets.UTF_8));
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the registry failed", e.getCause());
        }
    }

    /** The query of /api/swarm. */
    static final class SwarmQuery {
        private SwarmQuery() {
        }

        /** The info hash of {@code info_hash=HEX} (40 hex digits, either case) in a query string, or null. */
        static InfoHash infoHash(String query) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("info_hash=")) {
                    String hex = pair.substring("info_hash=".length());
                    if (hex.length() != 40 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                        return null;
                    }
                    return InfoHash.of(HexFormat.of().parseHex(hex));
                }
            }
            return null;
        }
    }
}
