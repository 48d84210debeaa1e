package netd.common.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The web side of a program (its pages, {@code /api/...} JSON and {@code /metrics}): the JDK's
 * own HTTP server, one virtual thread per request, GET and HEAD only. Nothing served changes
 * anything, so every other method is refused (405); and as names, ids and addresses shown come
 * from strangers, every answer forbids inline scripts and content sniffing, so that a page that
 * slipped and wrote one as markup still could not run it.
 */
public final class ReadOnlyHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadOnlyHttpServer.class);
    private static final String SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
                    + "base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

    private final HttpServer server;
    private final ExecutorService executor;

    private ReadOnlyHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves {@code routes} (an exact path, such as {@code /api/status}, to what answers it;
     * the answer may depend on the query) on {@code address}; any other path is 404.
     */
    public static ReadOnlyHttpServer start(InetSocketAddress address, Map<String, Function<String, HttpReply>> routes)
            throws IOException {
        HttpServer server = HttpServer.create(address, 64);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, routes));
        server.start();
        return new ReadOnlyHttpServer(server, executor);
    }

    /** The address it listens on (with the port chosen when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void answer(HttpExchange exchange, Map<String, Function<String, HttpReply>> routes)
            throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            HttpReply reply;
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply = new HttpReply(405, HttpReply.TEXT, "read-only: GET and HEAD only\n".getBytes());
            } else {
                Function<String, HttpReply> route = routes.get(exchange.getRequestURI().getPath());
                reply = route == null ? HttpReply.notFound() : replyOf(route, exchange.getRequestURI().getRawQuery());
            }
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", reply.contentType());
            headers.set("Cache-Control", "no-store");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Content-Security-Policy", SECURITY_POLICY);
            if (head) {
                exchange.sendResponseHeaders(reply.status(), -1);
                return;
            }
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(reply.body());
            }
        }
    }

    private static HttpReply replyOf(Function<String, HttpReply> route, String query) {
        try {
            return route.apply(query == null ? "" : query);
        } catch (RuntimeException e) {
            log.warn("web: a page failed: {}", e.toString());
            return new HttpReply(500, HttpReply.TEXT, "internal error\n".getBytes());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
