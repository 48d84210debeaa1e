package netd.bench;

import netd.common.cli.Cli;
import netd.common.link.SocketThreads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A network with a long round trip, on 127.0.0.1: it forwards every connection made to its
 * port to a target port, and delivers each byte a fixed delay after it arrived, in both
 * directions. Bandwidth is not limited, so a player behind it is held only by how many
 * requests it keeps in flight per round trip (scripts/bench-latency.sh).
 */
@Command(name = "delay-line", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Forwards connections on 127.0.0.1 from one port to another, delaying every byte each way.")
public final class DelayLine implements Callable<Integer>, AutoCloseable {
    /** The most read at once: a chunk travels as it was read, so it is also the largest write. */
    private static final int CHUNK = 256 * 1024;

    @Option(names = "--port", required = true, description = "The port to listen on (0: any free port).")
    private int port;
    @Option(names = "--to", required = true, description = "The port to forward to.")
    private int targetPort;
    @Option(names = "--delay-ms", required = true, description = "Milliseconds each byte is held, each way.")
    private long delayMillis;

    private ServerSocketChannel server;

    /** Used by picocli. */
    public DelayLine() {
    }

    public DelayLine(int port, int targetPort, Duration delay) {
        this.port = port;
        this.targetPort = targetPort;
        this.delayMillis = delay.toMillis();
    }

    public static void main(String[] args) {
        System.exit(Cli.run("delay-line", new DelayLine(), args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        start();
        System.out.println("delay line listening on port " + port() + ", to port " + targetPort + ", " + delayMillis
                + " ms each way");
        System.out.flush();
        new CountDownLatch(1).await(); // until killed
        return 0;
    }

    /** Listens and forwards, on threads of its own. */
    public DelayLine start() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, port));
        SocketThreads.builder().name("delay-line accept").start(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel in = server.accept();
                    try {
                        SocketChannel out = SocketChannel.open(new InetSocketAddress(loopback, targetPort));
                        forward(in, out);
                        forward(out, in);
                    } catch (IOException e) {
                        in.close(); // the target refused this one: the next may get through
                    }
                } catch (IOException e) {
                    // the server closed
                }
            }
        });
        return this;
    }

    public int port() {
        return server.socket().getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private record Chunk(long dueNanos, ByteBuffer bytes) {
    }

    /** Forwards what {@code from} sends to {@code to}, each chunk {@link #delayMillis} after it was read. */
    private void forward(SocketChannel from, SocketChannel to) {
        BlockingQueue<Chunk> line = new LinkedBlockingQueue<>();
        long delayNanos = Duration.ofMillis(delayMillis).toNanos();
        SocketThreads.builder().name("delay-line read").start(() -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
            try {
                while (from.read(buffer.clear()) >= 0) {
                    ByteBuffer bytes = ByteBuffer.allocate(buffer.flip().remaining()).put(buffer).flip();
                    line.add(new Chunk(System.nanoTime() + delayNanos, bytes));
                }
            } catch (IOException e) {
                // the connection is gone: the end travels down the line like the bytes before it
            }
            line.add(new Chunk(System.nanoTime() + delayNanos, null));
        });
        SocketThreads.builder().name("delay-line write").start(() -> {
            try (from; to) {
                while (true) {
                    Chunk chunk = line.take();
                    long wait;
                    while ((wait = chunk.dueNanos() - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (chunk.bytes() == null) {
                        return;
                    }
                    while (chunk.bytes().hasRemaining()) {
                        to.write(chunk.bytes());
                    }
                }
            } catch (IOException | InterruptedException e) {
                // either side closed: both are closed on the way out
            }
        });
    }
}
