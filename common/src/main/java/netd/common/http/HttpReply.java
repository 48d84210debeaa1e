package netd.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** What a read-only page or endpoint answers: a status, a content type and the whole body. */
public record HttpReply(int status, String contentType, byte[] body) {
    public static final String HTML = "text/html; charset=utf-8";
    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String CSS = "text/css; charset=utf-8";
    public static final String JAVASCRIPT = "text/javascript; charset=utf-8";
    /** Where every program's pages find {@link #styleSheet()}. */
    public static final String STYLE_SHEET_PATH = "/netd.css";
    /** Prometheus' text exposition format, version 0.0.4. */
    public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    public static HttpReply ok(String contentType, String body) {
        return new HttpReply(200, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpReply notFound() {
        return new HttpReply(404, TEXT, "not found\n".getBytes(StandardCharsets.UTF_8));
    }

    /** The style sheet the programs' pages share, so that they look alike: served at {@link #STYLE_SHEET_PATH}. */
    public static HttpReply styleSheet() {
        return resource(HttpReply.class, "netd.css", CSS);
    }

    /**
     * A file packed in the program's jar beside {@code owner}'s class, e.g. a page's HTML,
     * script or style: everything a page needs is served from the jar, never from a CDN.
     */
    public static HttpReply resource(Class<?> owner, String name, String contentType) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name + " beside " + owner.getName());
            }
            return new HttpReply(200, contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
