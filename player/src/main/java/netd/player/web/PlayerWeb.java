package netd.player.web;

import netd.common.http.HttpReply;
import netd.common.http.ReadOnlyHttpServer;
import netd.common.id.PlayerId;
import netd.common.json.JsonWriter;
import netd.player.Progress;
import netd.player.Speeds;
import netd.player.StatusJson;
import netd.player.core.ManagerView;
import netd.player.core.ManagerView.PeerView;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The player's web page ({@code --http-port}), read-only: {@code /} (the page, its script
 * and style, all from the jar), {@code /api/status} (the status file's members, the book
 * map, the peers and the speeds over the last minutes, as JSON) and {@code /metrics}.
 */
public final class PlayerWeb implements AutoCloseable {
    private final ReadOnlyHttpServer server;

    private PlayerWeb(ReadOnlyHttpServer server) {
        this.server = server;
    }

    /**
     * Serves the page on {@code address}.
     *
     * @param manager asks the connection manager for its view (see {@code PlayerConnectionManager.view()})
     */
    public static PlayerWeb start(InetSocketAddress address, StatusJson status, Progress progress, Speeds speeds,
                                  Supplier<CompletableFuture<ManagerView>> manager, InstantSource clock)
            throws IOException {
        LatestView latest = new LatestView(manager, clock);
        PlayerMetrics metrics = new PlayerMetrics(progress);
        HttpReply page = HttpReply.resource(PlayerWeb.class, "index.html", HttpReply.HTML);
        HttpReply script = HttpReply.resource(PlayerWeb.class, "player.js", HttpReply.JAVASCRIPT);
        HttpReply style = HttpReply.styleSheet();
        Map<String, Function<String, HttpReply>> routes = Map.of(
                "/", query -> page,
                "/player.js", query -> script,
                HttpReply.STYLE_SHEET_PATH, query -> style,
                "/api/status", query -> HttpReply.ok(HttpReply.JSON,
                        statusJson(status, progress, speeds, seen(latest))),
                "/metrics", query -> metrics.reply());
        return new PlayerWeb(ReadOnlyHttpServer.start(address, routes));
    }

    private static LatestView.Seen seen(LatestView latest) {
        try {
            return latest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for the peers", e);
        }
    }

    static String statusJson(StatusJson status, Progress progress, Speeds speeds, LatestView.Seen seen) {
        JsonWriter json = new JsonWriter().beginObject();
        status.members(json, true);
        BookMap map = BookMap.of(progress.bookCount(), seen.view().held(), seen.view().downloading());
        json.name("book_map").beginObject()
                .member("books_per_cell", map.booksPerCell())
                .member("cells", Base64.getEncoder().encodeToString(map.cells()))
                .member("books_downloading", seen.view().downloading().cardinality())
                .endObject();
        Speeds.History history = speeds.history();
        json.name("speed_history").beginObject().member("seconds_per_sample", 1);
        numbers(json.name("down"), history.down());
        numbers(json.name("up"), history.up());
        json.endObject();
        json.name("peer_list").beginArray();
        List<PeerView> peers = seen.view().peers();
        for (int i = 0; i < peers.size(); i++) {
            PeerView peer = peers.get(i);
            long[] rates = seen.peerSpeeds().get(i);
            json.beginObject()
                    .member("player_id", peer.playerId() == null ? null : peer.playerId().text())
                    .member("address", peer.address())
                    .member("direction", peer.direction().name().toLowerCase(Locale.ROOT))
                    .member("client", client(peer.playerId()))
                    .member("choked", peer.choked())
                    .member("interested", peer.interested())
                    .member("down_bytes_per_s", rates[0])
                    .member("up_bytes_per_s", rates[1])
                    .member("downloaded_bytes", peer.bytesReceived())
                    .member("uploaded_bytes", peer.bytesSent())
                    .member("books_held", peer.booksHeld())
                    .endObject();
        }
        return json.endArray().endObject().toString();
    }

    private static void numbers(JsonWriter json, long[] values) {
        json.beginArray();
        for (long value : values) {
            json.value(value);
        }
        json.endArray();
    }

    /** Which program the other player runs, as its id tells: the original, netd, another, or not known yet. */
    static String client(PlayerId id) {
        if (id == null) {
            return "unknown";
        }
        if (id.isOriginalClient()) {
            return "original";
        }
        return id.text().startsWith(PlayerId.CLIENT_PREFIX.substring(0, 3)) ? "netd" : "other";
    }

    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
    }
}
