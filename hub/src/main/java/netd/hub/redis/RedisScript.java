package netd.hub.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script of the store, read from the hub's resources. Sent by its SHA-1 (EVALSHA), so
 * an announce carries only its arguments; the text is loaded on every new connection.
 */
record RedisScript(String name, String text, String sha) {
    static final RedisScript ANNOUNCE = load("announce");
    static final RedisScript REMOVE = load("remove");
    static final RedisScript AT = load("at");
    static final RedisScript COUNTS = load("counts");
    static final RedisScript PLAYERS = load("players");
    static final List<RedisScript> ALL = List.of(ANNOUNCE, REMOVE, AT, COUNTS, PLAYERS);

    private static RedisScript load(String name) {
        try (InputStream in = RedisScript.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("the script " + name + ".lua is missing from the hub's jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new RedisScript(name, text, HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
