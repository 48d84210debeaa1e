package netd.common.link;

import netd.common.ProtocolException;
import netd.common.wire.Frame;
import netd.common.wire.FrameCodec;
import netd.common.wire.FrameReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One TCP connection: a reader thread decodes frames and hands whole messages to the
 * {@link LinkOwner}; a writer thread takes messages from a bounded queue and writes them,
 * flushing when the queue runs dry. Links make no decisions. Both sides work on the socket's
 * blocking channel through buffers outside the heap ({@link ChannelInput}, {@link ChannelOutput}),
 * so a book crosses between the socket and its array, or the pooled buffer its codec reads it
 * into ({@link FrameCodec#payloadPool}), in one copy. Both threads are virtual, so
 * thousands of links are cheap, unless the settings ask for platform threads (see
 * {@link LinkSettings#platformThreads}). Their waits are untimed: a {@link LinkWatch} has an
 * idle link send a keep-alive and closes one that hears nothing for too long.
 *
 * <p>Closing: {@link #close} stops at once (what is queued is dropped); {@link #closeAfterSending}
 * lets the writer finish the queue first. The writer is woken by a private marker that is not
 * a message type, so no real message can be mistaken for it.
 */
public final class Link<M> {
    private static final Logger log = LoggerFactory.getLogger(Link.class);
    /** The close reason when the peer ended the stream cleanly between frames: it simply hung up. */
    public static final String PEER_CLOSED = "the peer closed the connection";

    /** What the writer's queue holds: a message to send, or the order to finish. */
    private sealed interface Outgoing {
    }

    private record Send<M>(M message) implements Outgoing {
    }

    private record Finish() implements Outgoing {
    }

    /** A frame encoded by the sender: its head, and a body written as it is (see {@link #sendFrame}). */
    private record EncodedFrame(byte[] head, ByteBuffer body) implements Outgoing {
    }

    private record KeepAlive() implements Outgoing {
    }

    private static final KeepAlive KEEP_ALIVE = new KeepAlive();

    private final SocketChannel channel;
    private final InetSocketAddress remoteAddress;
    private final FrameCodec<M> codec;
    private final LinkOwner<M> owner;
    private final LinkSettings settings;
    private final LinkWatch watch;
    private final String name;
    private final BlockingQueue<Outgoing> queue;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** See {@link #unwrittenBodyBytes}: added by senders, taken off by the writer. */
    private final AtomicLong unwrittenBodyBytes = new AtomicLong();
    private volatile boolean finishing;
    private volatile String closeReason;
    /** Volatile: close() may run on any thread and must see the writer to interrupt it. */
    private volatile Thread writer;
    /** See {@link #spaceMessages}; 0 = off. Volatile: set by the owner's thread, read by the writer. */
    private volatile long spacingMillis;
    /** {@link System#nanoTime} of the last bytes read, and of the last flush: the watch's clock. */
    private volatile long lastReceived;
    private volatile long lastSent;

    private Link(SocketChannel channel, FrameCodec<M> codec, LinkOwner<M> owner, LinkSettings settings, LinkWatch watch) {
        this.channel = channel;
        Socket socket = channel.socket();
        this.remoteAddress = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.name = remoteAddress == null ? "unconnected" : remoteAddress.getAddress().getHostAddress() + ":" + remoteAddress.getPort();
        this.codec = codec;
        this.owner = owner;
        this.settings = settings;
        this.watch = watch;
        // One slot more than the capacity, so the finish marker always fits.
        this.queue = new ArrayBlockingQueue<>(settings.sendQueueCapacity() + 1);
    }

    /**
     * A link over a connected socket channel in blocking mode, timed by {@code watch}; nothing
     * is read or written until {@link #start}.
     */
    public static <M> Link<M> over(SocketChannel channel, FrameCodec<M> codec, LinkOwner<M> owner, LinkSettings settings,
                                   LinkWatch watch) {
        return new Link<>(channel, codec, owner, settings, watch);
    }

    /** Starts the reader and writer threads. Messages sent before this wait in the queue. */
    public Link<M> start() {
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            close("socket setup failed: " + e.getMessage());
            return this;
        }
        lastReceived = lastSent = System.nanoTime();
        watch.watch(this);
        if (closed.get()) { // closed while being registered: close() may have looked before watch() added it
            watch.forget(this);
            return this;
        }
        Thread.Builder threads = settings.platformThreads() ? SocketThreads.builder() : Thread.ofVirtual();
        writer = threads.name("link-write " + name).start(this::writeLoop);
        threads.name("link-read " + name).start(this::readLoop);
        return this;
    }

    /**
     * Queues {@code message} for sending. Returns false when the link is closed. When the
     * queue is full the peer is not reading what it is sent, so the link is closed.
     */
    public boolean send(M message) {
        return enqueue(new Send<>(message));
    }

    private boolean enqueue(Outgoing outgoing) {
        if (closed.get() || finishing) {
            return false;
        }
        if (queue.size() >= settings.sendQueueCapacity() || !queue.offer(outgoing)) {
            close("send queue full: the peer is not reading");
            return false;
        }
        return true;
    }

    /**
     * Queues a frame the caller has encoded: {@code head} (length field, id and whatever comes
     * before the body), then {@code body}'s remaining bytes, which are not copied on the way
     * to the socket: a view of a mapped file is sent from the page cache. The body must not
     * change once queued. Returns and closes as {@link #send} does.
     */
    public boolean sendFrame(byte[] head, ByteBuffer body) {
        int length = body.remaining();
        unwrittenBodyBytes.addAndGet(length);
        if (!enqueue(new EncodedFrame(head, body))) {
            unwrittenBodyBytes.addAndGet(-length);
            return false;
        }
        return true;
    }

    /**
     * Bytes of the bodies given to {@link #sendFrame} that are not yet written to the socket
     * (queued, or gathered for the writer's next write): what this link holds on to for a
     * peer that reads slower than it is sent to, which a count of messages does not bound
     * when bodies are large.
     */
    public long unwrittenBodyBytes() {
        return unwrittenBodyBytes.get();
    }

    /**
     * For a peer that decodes at most one message per socket read (PROTOCOL.md §4): from now
     * on every message is flushed on its own and followed by {@code gap} of quiet, so that
     * each arrives in a read of its own; and once nothing is left to send, one keep-alive per
     * message sent since the last quiet spell follows, {@code gap} apart, so that a message
     * that still arrived glued behind another is read on a later arrival rather than waiting
     * for the next real message, which may never come.
     */
    public void spaceMessages(Duration gap) {
        spacingMillis = Math.max(1, gap.toMillis());
    }

    /** Messages queued and not yet written. */
    public int queued() {
        return queue.size();
    }

    /** Lets the writer send what is queued, then closes. Later sends are refused. */
    public void closeAfterSending(String reason) {
        if (closed.get() || finishing) {
            return;
        }
        closeReason = reason;
        finishing = true;
        // Senders racing past the capacity check can take the slot kept for the marker;
        // then there is no way to finish in order, and closing now beats never closing.
        if (!queue.offer(new Finish())) {
            close(reason);
        }
    }

    /** Closes now; queued messages are dropped. Safe to call from any thread, any number of times. */
    public void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        String finalReason = closeReason != null && finishing ? closeReason : reason;
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("{}: closing the socket failed: {}", name, e.toString());
        }
        if (writer != null && Thread.currentThread() != writer) {
            writer.interrupt();
        }
        watch.forget(this);
        queue.clear();
        log.debug("{}: closed: {}", name, finalReason);
        owner.onClosed(this, finalReason);
    }

    public boolean isOpen() {
        return !closed.get();
    }

    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "Link[" + name + "]";
    }

    /**
     * Called by the watch a few times a second with {@link System#nanoTime}: closes the link
     * when nothing was received for the idle timeout, queues a keep-alive when nothing was
     * sent for the keep-alive interval and nothing waits to be.
     */
    void keepTime(long now) {
        if (now - lastReceived >= settings.idleTimeout().toNanos()) {
            close("nothing received for " + settings.idleTimeout().toSeconds() + " s");
        } else if (now - lastSent >= settings.keepAliveInterval().toNanos() && queue.isEmpty() && !finishing) {
            lastSent = now; // one keep-alive per interval, even if the writer is slow to take it
            queue.offer(KEEP_ALIVE);
        }
    }

    private void readLoop() {
        String reason = PEER_CLOSED;
        try {
            ChannelInput in = new ChannelInput(channel, settings.bufferSize(), () -> lastReceived = System.nanoTime());
            FrameReader frames = new FrameReader(in, settings.maxFrameLength(), codec::payloadPool, settings.firstLengthIn(),
                    settings.lengthIn());
            Frame frame;
            while (true) {
                if (in.buffered() == 0) {
                    owner.onReadPause(this);
                }
                if ((frame = frames.read()) == null) {
                    break;
                }
                if (closed.get()) {
                    release(frame);
                    break;
                }
                if (frame.isKeepAlive()) {
                    continue;
                }
                M message;
                try {
                    message = decode(frame);
                } catch (ProtocolException e) {
                    if (owner.onUndecodable(this, frame.id(), e)) {
                        log.debug("{}: ignored an undecodable message 0x{}: {}", name, Integer.toHexString(frame.id()), e.getMessage());
                        continue;
                    }
                    throw e;
                }
                owner.onMessage(this, message);
            }
        } catch (ProtocolException e) {
            reason = "malformed data from the peer: " + e.getMessage();
            // Debug: the owner is given the reason and says it once, in its own words.
            log.debug("{}: closing: {}", name, reason);
        } catch (EOFException e) {
            reason = "the peer closed the connection mid-frame: " + e.getMessage();
        } catch (IOException e) {
            reason = closed.get() ? "closed" : "read failed: " + e.getMessage();
        } catch (InterruptedException e) {
            reason = "interrupted";
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // A bug, or the JVM out of memory: this link ends with a log line, and the program
            // goes on with its others; an error left to end the thread would leave it open, unread.
            reason = "internal error handling a message: " + e;
            log.error("{}: {}", name, reason, e);
        } finally {
            owner.onReadEnd(this);
        }
        close(reason);
    }

    /** The frame's message, which holds the frame's pooled buffer if it has one; on an error the buffer is given back. */
    private M decode(Frame frame) throws ProtocolException {
        if (frame.pooledPayload() == null) {
            return codec.decode(frame.id(), frame.payload());
        }
        try {
            return codec.decode(frame.id(), frame.pooledPayload());
        } catch (ProtocolException | RuntimeException e) {
            release(frame);
            throw e;
        }
    }

    private static void release(Frame frame) {
        if (frame.pooledPayload() != null) {
            frame.pooledPayload().release();
        }
    }

    /** Writes {@code next} if it is a message or an encoded frame, and says whether it was. */
    private boolean writeFrame(Outgoing next, ChannelOutput sink, DataOutputStream out) throws IOException {
        switch (next) {
            case Send<?> send -> {
                @SuppressWarnings("unchecked")
                M message = (M) send.message();
                codec.encode(message, out);
                return true;
            }
            case EncodedFrame frame -> {
                sink.write(frame.head());
                sink.writeBody(frame.body());
                return true;
            }
            case null, default -> {
                return false;
            }
        }
    }

    private void writeLoop() {
        String reason = "closed";
        try {
            ChannelOutput sink = new ChannelOutput(channel, settings.bufferSize(), written -> unwrittenBodyBytes.addAndGet(-written));
            DataOutputStream out = new DataOutputStream(sink);
            // Spaced links only: keep-alives still owed after the last burst (see spaceMessages).
            int nudgesOwed = 0;
            while (!closed.get()) {
                long spacing = spacingMillis;
                // Untimed, as the watch keeps time; only a spaced link owing nudges waits with a clock.
                Outgoing next = nudgesOwed > 0 ? queue.poll(spacing, TimeUnit.MILLISECONDS) : queue.take();
                if (next instanceof Finish) {
                    out.flush();
                    reason = "finished sending";
                    break;
                }
                if (writeFrame(next, sink, out)) {
                    if (spacing > 0) {
                        out.flush();
                        lastSent = System.nanoTime();
                        nudgesOwed++;
                        Thread.sleep(spacing);
                        continue;
                    }
                } else {
                    // The watch's keep-alive, or a spaced link's nudge after a quiet spell.
                    FrameCodec.writeKeepAlive(out, codec.lengthField());
                    if (next == null) {
                        nudgesOwed--;
                    }
                }
                if (queue.isEmpty()) {
                    out.flush();
                    lastSent = System.nanoTime();
                }
            }
        } catch (IOException e) {
            reason = closed.get() ? "closed" : "write failed: " + e.getMessage();
        } catch (InterruptedException e) {
            // Interrupted only by close(): the link is already closed, so the thread just ends.
            return;
        } catch (RuntimeException | Error e) { // as in readLoop
            reason = "internal error sending a message: " + e;
            log.error("{}: {}", name, reason, e);
        }
        close(reason);
    }
}
