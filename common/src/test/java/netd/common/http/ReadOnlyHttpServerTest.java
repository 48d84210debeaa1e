package netd.common.http;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadOnlyHttpServerTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void servesItsRoutesReadOnlyAndWithAPolicyAgainstInjectedScripts() throws Exception {
        try (var server = ReadOnlyHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(
                "/api/echo", query -> HttpReply.ok(HttpReply.JSON, "{\"query\":\"" + query + "\"}"),
                "/boom", query -> {
                    throw new IllegalStateException("boom");
                }))) {
            String base = "http://127.0.0.1:" + server.address().getPort();

            HttpResponse<String> echo = get(base + "/api/echo?x=1", "GET");
            assertEquals(200, echo.statusCode());
            assertEquals("{\"query\":\"x=1\"}", echo.body());
            assertEquals(HttpReply.JSON, echo.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(echo.headers().firstValue("Content-Security-Policy").orElseThrow().contains("script-src 'self'"));
            assertEquals("nosniff", echo.headers().firstValue("X-Content-Type-Options").orElseThrow());

            assertEquals(404, get(base + "/nothing", "GET").statusCode());
            assertEquals(405, get(base + "/api/echo", "POST").statusCode());
            assertEquals(500, get(base + "/boom", "GET").statusCode());
            HttpResponse<String> head = get(base + "/api/echo", "HEAD");
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
        }
    }

    @Test
    void servesAResourceFromTheJar() {
        HttpReply reply = HttpReply.resource(ReadOnlyHttpServerTest.class, "page.txt", HttpReply.TEXT);
        assertEquals("a page from the jar\n", new String(reply.body()));
    }

    private HttpResponse<String> get(String uri, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
