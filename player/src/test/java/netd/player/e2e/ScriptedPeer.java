package netd.player.e2e;

import netd.common.ProtocolException;
import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.wire.Frame;
import netd.common.wire.FrameReader;
import netd.common.wire.PeerCodec;
import netd.common.wire.PeerMessage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One end of a player link driven by a test, message by message: it speaks with the real
 * {@link PeerCodec} where the script says something well-formed, and writes raw bytes where
 * it must not be (a lying length field, a byte at a time). A peer that closes the connection
 * or resets it reads as closed.
 */
final class ScriptedPeer implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(10);

    private final Socket socket;
    private final DataOutputStream out;
    private final FrameReader frames;

    ScriptedPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        this.frames = new FrameReader(new BufferedInputStream(socket.getInputStream()), Frame.MAX_LENGTH);
    }

    /** Connects to a player on 127.0.0.1, as a downloader would. */
    static ScriptedPeer connect(int port) throws IOException {
        return new ScriptedPeer(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** Connects and sends a handshake for {@code library} under {@code id}. */
    static ScriptedPeer downloader(int port, Library library, PlayerId id) throws IOException {
        return connect(port).send(new PeerMessage.Handshake(id, library.infoHash()));
    }

    ScriptedPeer send(PeerMessage... messages) throws IOException {
        for (PeerMessage message : messages) {
            PeerCodec.INSTANCE.encode(message, out);
        }
        out.flush();
        return this;
    }

    /** Writes {@code bytes} as they are (each int is one byte), framed or not. */
    ScriptedPeer sendRaw(int... bytes) throws IOException {
        for (int b : bytes) {
            out.write(b);
        }
        out.flush();
        return this;
    }

    /** Writes {@code bytes} one at a time with {@code pause} between; returns how many went out before the peer closed. */
    int drip(byte[] bytes, Duration pause) throws InterruptedException {
        for (int i = 0; i < bytes.length; i++) {
            try {
                sendRaw(bytes[i] & 0xff);
            } catch (IOException e) {
                return i;
            }
            Thread.sleep(pause);
        }
        return bytes.length;
    }

    /** The next message, waiting as long as it takes; null when the player closed the connection. */
    PeerMessage receive() throws IOException, ProtocolException {
        return next(null);
    }

    /** The next message of {@code type}, skipping any other; fails if none comes within {@link #PATIENCE}. */
    <T extends PeerMessage> T expect(Class<T> type) throws IOException, ProtocolException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                PeerMessage message = next(Duration.ofNanos(deadline - System.nanoTime()));
                if (message == null) {
                    throw new AssertionError("the player closed the connection before sending " + type.getSimpleName());
                }
                if (type.isInstance(message)) {
                    return type.cast(message);
                }
            }
        } catch (SocketTimeoutException e) {
            // the player stayed silent: reported below
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + PATIENCE.toSeconds() + " s");
    }

    /** Every message that arrives within {@code duration} (fewer if the player closes first). */
    List<PeerMessage> drain(Duration duration) throws IOException, ProtocolException {
        List<PeerMessage> messages = new ArrayList<>();
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                PeerMessage message = next(Duration.ofNanos(deadline - System.nanoTime()));
                if (message == null) {
                    break;
                }
                messages.add(message);
            } catch (SocketTimeoutException e) {
                break;
            }
        }
        return messages;
    }

    /** Whether the player closes the connection within {@code timeout}; what it sends meanwhile is read and dropped. */
    boolean awaitClosed(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (next(Duration.ofNanos(deadline - System.nanoTime())) == null) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (ProtocolException e) {
                throw new AssertionError("the player sent malformed data: " + e.getMessage(), e);
            }
        }
        return false;
    }

    /** The next message, or null when the player closed (or reset) the connection; a null timeout waits forever. */
    private PeerMessage next(Duration timeout) throws IOException, ProtocolException {
        socket.setSoTimeout(timeout == null ? 0 : (int) Math.max(1, timeout.toMillis()));
        Frame frame;
        do {
            try {
                frame = frames.read();
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                return null;
            }
            if (frame == null) {
                return null;
            }
        } while (frame.isKeepAlive());
        return PeerCodec.INSTANCE.decode(frame.id(), frame.payload());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
