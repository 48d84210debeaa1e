package netd.hub.redis;

import netd.hub.StoreRoundTrips;
import netd.hub.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The hub's one connection to Redis, used by one thread at a time. A call either gets its
 * answer within the socket timeout or throws {@link StoreUnavailableException}; a lost
 * connection is made again on a backoff schedule (see {@link Outage}), and an outage is
 * logged once when it starts and once when it ends.
 */
final class RedisLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    /** Short: announces wait for a call, and an outage should turn into failure answers within a second or so. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(1);

    private final RedisAddress address;
    private final JedisClientConfig config;
    private final InstantSource clock;
    private final Outage outage = new Outage();
    private final String unavailable;
    private final StoreRoundTrips roundTrips;
    private Jedis jedis;
    /** Set once the hub lets go of the store: what fails after that is the hub stopping, not an outage. */
    private volatile boolean closed;

    /** {@code clock} times the outages only: the retries follow real time whatever clock the registrations follow. */
    private RedisLink(RedisAddress address, String clientName, InstantSource clock, StoreRoundTrips roundTrips) {
        this.roundTrips = roundTrips;
        this.address = address;
        this.config = DefaultJedisClientConfig.builder().connectionTimeoutMillis((int) CONNECT_TIMEOUT.toMillis())
                .socketTimeoutMillis((int) SOCKET_TIMEOUT.toMillis()).database(address.database()).clientName(clientName)
                .autoNegotiateProtocol(false).build();
        this.clock = clock;
        this.unavailable = "the hub's store (Redis at " + hostPort() + ") cannot be reached; announce again later";
    }

    /**
     * Connects, or fails with one sentence naming the address.
     *
     * @throws IOException when Redis cannot be reached or refuses the connection
     */
    static RedisLink open(RedisAddress address, String clientName, InstantSource clock, StoreRoundTrips roundTrips)
            throws IOException {
        RedisLink link = new RedisLink(address, clientName, clock, roundTrips);
        try {
            link.jedis = link.connect();
        } catch (JedisException e) {
            throw new IOException("cannot reach the Redis store at " + link.hostPort() + ": " + reason(e));
        }
        return link;
    }

    /** Runs {@code script} for {@code operation} (as the round-trip metric names it); its result as Jedis decodes it (strings, longs, lists). */
    Object eval(String operation, RedisScript script, List<String> keys, List<String> args) {
        return evalAll(operation, script, List.of(keys), List.of(args)).get(0);
    }

    /** Runs {@code script} once per element of {@code keys} and {@code args}, pipelined: one round trip for them all. */
    List<Object> evalAll(String operation, RedisScript script, List<List<String>> keys, List<List<String>> args) {
        if (!outage.mayTry(clock.instant())) {
            throw new StoreUnavailableException(unavailable);
        }
        try {
            if (jedis == null) {
                jedis = connect();
            }
            long started = System.nanoTime();
            List<Object> results = pipelined(script, keys, args);
            roundTrips.record(operation, System.nanoTime() - started);
            Duration lasted = outage.succeeded(clock.instant());
            if (lasted != null) {
                log.info("the Redis store at {} is back after {} s of outage", hostPort(), lasted.toSeconds());
            }
            return results;
        } catch (JedisException | IllegalStateException e) {
            // IllegalStateException: Jedis left in a pipeline by a failure; the connection is dropped all the same.
            disconnect();
            if (outage.failed(clock.instant()) && !closed) {
                log.warn("the Redis store at {} cannot be reached ({}): announces are answered with a failure until it is back; "
                        + "trying again every {} s at most", hostPort(), reason(e), Outage.LAST_RETRY.toSeconds());
            }
            throw new StoreUnavailableException(unavailable);
        }
    }

    private List<Object> pipelined(RedisScript script, List<List<String>> keys, List<List<String>> args) {
        if (keys.size() == 1) {
            return List.of(jedis.evalsha(script.sha(), keys.get(0), args.get(0)));
        }
        List<Response<Object>> responses = new ArrayList<>(keys.size());
        try (Pipeline pipeline = jedis.pipelined()) {
            for (int i = 0; i < keys.size(); i++) {
                responses.add(pipeline.evalsha(script.sha(), keys.get(i), args.get(i)));
            }
            pipeline.sync();
        }
        List<Object> results = new ArrayList<>(responses.size());
        for (Response<Object> response : responses) {
            results.add(response.get());
        }
        return results;
    }

    /**
     * A connection with every script loaded: a Redis server that restarted has forgotten them,
     * and a pipeline cannot load one halfway.
     */
    private Jedis connect() {
        Jedis fresh = new Jedis(new HostAndPort(address.host(), address.port()), config);
        try {
            fresh.ping();
            for (RedisScript script : RedisScript.ALL) {
                fresh.scriptLoad(script.text());
            }
            return fresh;
        } catch (JedisException e) {
            fresh.close();
            throw e;
        }
    }

    private void disconnect() {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (JedisException | IllegalStateException e) {
                log.debug("closing the Redis connection failed: {}", e.toString());
            }
            jedis = null;
        }
    }

    private String hostPort() {
        return address.host() + ":" + address.port();
    }

    private static String reason(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        closed = true;
        disconnect();
    }
}
