package netd.hub.redis;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the shared store is: {@code redis://HOST:PORT[/DB]}.
 *
 * @param database the logical database (0 unless the path names one)
 */
public record RedisAddress(String host, int port, int database) {
    private static final String FORM = "redis://HOST:PORT[/DB]";

    /** @throws IllegalArgumentException with one sentence when {@code text} is not of the form */
    public static RedisAddress parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(invalid(text, e.getReason()));
        }
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535 || uri.getUserInfo() != null
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException(invalid(text, "expected " + FORM));
        }
        String path = uri.getPath();
        int database = 0;
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                database = -1;
            }
            if (database < 0) {
                throw new IllegalArgumentException(invalid(text, "the database is a number, " + FORM));
            }
        }
        return new RedisAddress(uri.getHost(), uri.getPort(), database);
    }

    private static String invalid(String text, String why) {
        return "invalid store address '" + text + "': " + why;
    }

    @Override
    public String toString() {
        return "redis://" + host + ":" + port + "/" + database;
    }
}
