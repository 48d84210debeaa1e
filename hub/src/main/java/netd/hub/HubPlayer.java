package netd.hub;

import netd.common.ProtocolException;
import netd.common.wire.Frame;
import netd.common.wire.FrameAssembler;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.InvalidAddress;
import netd.common.wire.HubMessage.Notify;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One player connection, served by the hub's thread: it cuts what the player sends into
 * frames, hands each decoded message to the {@link HubLibrary} (which answers at once),
 * answers on its own only what the library cannot see (a notify too broken to decode), and
 * closes the connection on anything else it does not understand. Not thread-safe: only the
 * hub's thread uses it.
 */
final class HubPlayer implements FrameAssembler.Sink {
    private static final Logger log = LoggerFactory.getLogger(HubPlayer.class);
    private static final byte[] KEEP_ALIVE = {0, 0};

    private final long id;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final HubLibrary library;
    private final Runnable onClosed;
    private final String ip;
    private final String name;
    private final FrameAssembler frames = new FrameAssembler(Frame.MAX_LENGTH);
    /** Frames the socket could not take yet, oldest first. */
    private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
    /** When the last read happened ({@link System#nanoTime}): what an answer's latency counts from. */
    private long lastReceived;
    private long lastSent;
    private boolean open = true;

    /** {@code onClosed} runs once the connection is closed (the server's bookkeeping). */
    HubPlayer(long id, SocketChannel channel, SelectionKey key, HubLibrary library, Runnable onClosed, long now) throws IOException {
        this.id = id;
        this.channel = channel;
        this.key = key;
        this.library = library;
        this.onClosed = onClosed;
        InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
        this.ip = remote.getAddress().getHostAddress();
        this.name = "player " + ip + ":" + remote.getPort();
        this.lastReceived = now;
        this.lastSent = now;
    }

    long id() {
        return id;
    }

    /** The player's IP, as its connection shows it. */
    String ip() {
        return ip;
    }

    /** When the bytes being handled were read, by {@link System#nanoTime}. */
    long readAt() {
        return lastReceived;
    }

    boolean isOpen() {
        return open;
    }

    /** Reads what arrived (into the hub's one {@code buffer}) and handles every whole message in it. */
    void read(ByteBuffer buffer, long now) {
        int read;
        try {
            buffer.clear();
            read = channel.read(buffer);
        } catch (IOException e) {
            close("read failed: " + e.getMessage());
            return;
        }
        if (read < 0) {
            close(frames.insideFrame() ? "the player closed the connection mid-frame" : "the player closed the connection");
            return;
        }
        lastReceived = now;
        buffer.flip();
        try {
            frames.feed(buffer, this);
        } catch (ProtocolException e) {
            log.info("{}: closing: {}", name, e.getMessage());
            close(e.getMessage());
        }
    }

    @Override
    public boolean frame(int messageId, byte[] payload) {
        HubMessage message;
        try {
            message = HubCodec.INSTANCE.decode(messageId, payload);
        } catch (ProtocolException e) {
            undecodable(messageId, e);
            return open;
        }
        try {
            switch (message) {
                case Notify notify -> library.announce(this, notify);
                case InvalidAddress report -> library.reportUnreachable(report);
                case Answer answer -> {
                    log.info("{}: closing: it sent a hub answer, which only a hub sends", name);
                    close("sent a hub answer");
                }
            }
        } catch (RuntimeException e) {
            // A bug met with one message must not stop the hub for everyone: this connection ends.
            log.error("{}: internal error handling {}", name, message, e);
            close("internal error");
        }
        return open;
    }

    /** A notify is answered with what was wrong in it; anything else undecodable closes the connection. */
    private void undecodable(int messageId, ProtocolException problem) {
        if (messageId != HubMessage.NOTIFY) {
            log.info("{}: closing: undecodable message 0x{}: {}", name, Integer.toHexString(messageId), problem.getMessage());
            close("undecodable message");
            return;
        }
        log.debug("{}: refused a notify: {}", name, problem.getMessage());
        library.refuse(this, "invalid notify: " + problem.getMessage());
    }

    /**
     * Sends a whole frame: at once when the socket takes it, else once it can (what is left is
     * copied then: {@code frame} may be a buffer used again for the next answer). A player
     * that lets {@link HubSettings#SEND_QUEUE} frames wait is not reading, and is dropped.
     */
    void send(ByteBuffer frame) {
        if (!open) {
            return;
        }
        // Answers go out just after the read they answer, so the read's time stands for the
        // send's (no clock read per answer); a keep-alive sets its own time.
        lastSent = lastReceived;
        if (unsent.isEmpty()) {
            try {
                channel.write(frame);
            } catch (IOException e) {
                close("write failed: " + e.getMessage());
                return;
            }
            if (!frame.hasRemaining()) {
                return;
            }
        }
        ByteBuffer rest = ByteBuffer.allocate(frame.remaining()).put(frame).flip();
        unsent.add(rest);
        if (unsent.size() > HubSettings.SEND_QUEUE) {
            close("send queue full: the player is not reading");
            return;
        }
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    /** The socket can take more: sends what waits. */
    void flush() {
        try {
            while (!unsent.isEmpty()) {
                ByteBuffer first = unsent.peek();
                channel.write(first);
                if (first.hasRemaining()) {
                    return;
                }
                unsent.poll();
            }
        } catch (IOException e) {
            close("write failed: " + e.getMessage());
            return;
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    /**
     * Called every second or so with {@link System#nanoTime}: closes a connection silent for
     * {@code idleNanos}, and sends a keep-alive when nothing was sent for {@code keepAliveNanos}.
     */
    void keepTime(long now, long idleNanos, long keepAliveNanos) {
        if (now - lastReceived >= idleNanos) {
            close("nothing received for " + idleNanos / 1_000_000_000L + " s");
        } else if (now - lastSent >= keepAliveNanos && unsent.isEmpty()) {
            send(ByteBuffer.wrap(KEEP_ALIVE));
            lastSent = now;
        }
    }

    /** Closes the connection (once); its players are dropped. */
    void close(String reason) {
        if (!open) {
            return;
        }
        open = false;
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("{}: closing the socket failed: {}", name, e.toString());
        }
        log.debug("{}: connection closed: {}", name, reason);
        library.connectionClosed(id);
        onClosed.run();
    }
}
