package netd.hub.redis;

import netd.common.testing.FreePort;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real redis-server of a test's own: on a free port of 127.0.0.1, in a temporary directory,
 * with nothing saved to disk. It fails the test with the reason when it cannot start, and
 * {@link #close()} stops it and removes its directory.
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(10);

    private final int port;
    private final Path directory;
    private Process process;

    private RedisServer(int port, Path directory) {
        this.port = port;
        this.directory = directory;
    }

    public static RedisServer start() throws IOException, InterruptedException {
        RedisServer server = new RedisServer(FreePort.find(), Files.createTempDirectory("netd-redis"));
        try {
            server.restart();
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    public RedisAddress address() {
        return new RedisAddress("127.0.0.1", port, 0);
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again, after {@link #kill()}) on the same port, empty, and waits until it accepts connections. */
    public void restart() throws IOException, InterruptedException {
        Path log = directory.resolve("redis.log");
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", directory.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (scripts/test-deps.sh installs it): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START.toNanos();
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("redis-server did not start on port " + port + ": " + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    /** Forgets every key: tests that share the server start from nothing. */
    public void flush() {
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port),
                DefaultJedisClientConfig.builder().autoNegotiateProtocol(false).build())) {
            jedis.flushAll();
        }
    }

    /** Kills the server at once (SIGKILL): what it held is lost, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null) {
            kill();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
