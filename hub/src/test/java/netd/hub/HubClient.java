package netd.hub;

import netd.common.ProtocolException;
import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.wire.Frame;
import netd.common.wire.FrameReader;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.Notify;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A test player's connection to a hub over a plain socket, using the real codecs: it can
 * send well-formed messages, or any bytes at all.
 */
final class HubClient implements AutoCloseable {
    private final Socket socket;
    private final DataOutputStream out;
    private final FrameReader in;

    private HubClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5_000);
        this.out = new DataOutputStream(socket.getOutputStream());
        this.in = new FrameReader(new BufferedInputStream(socket.getInputStream()), Frame.MAX_LENGTH);
    }

    static HubClient connect(int port) throws IOException {
        return new HubClient(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** A connection whose socket buffers {@code receiveBuffer} bytes at most: a player slow to read. */
    static HubClient connectSlow(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new HubClient(socket);
    }

    /** Announces {@code player} of {@code stuff}, listening on {@code port}, and returns the answer. */
    Answer announce(InfoHash stuff, PlayerId player, int port, Event event) throws IOException {
        send(new Notify(stuff, player, port, 0, 0, 100, event));
        return readAnswer();
    }

    void send(HubMessage message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HubCodec.INSTANCE.encode(message, new DataOutputStream(bytes));
        sendRaw(bytes.toByteArray());
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next answer, keep-alives skipped. */
    Answer readAnswer() throws IOException {
        try {
            Frame frame;
            do {
                frame = in.read();
                if (frame == null) {
                    throw new IOException("the hub closed the connection");
                }
            } while (frame.isKeepAlive());
            return (Answer) HubCodec.INSTANCE.decode(frame.id(), frame.payload());
        } catch (ProtocolException e) {
            throw new IOException("the hub sent something undecodable: " + e.getMessage(), e);
        }
    }

    /** Reads answers until the hub closes the connection, and returns how many came; fails after {@code timeout}. */
    int answersUntilClosed(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        int answers = 0;
        try {
            for (Frame frame; (frame = in.read()) != null; ) {
                answers += frame.isKeepAlive() ? 0 : 1;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the hub did not close the connection within " + timeout, e);
        } catch (IOException e) {
            // reset by the hub: it closed with answers unread
        } catch (ProtocolException e) {
            throw new IllegalStateException(e);
        }
        return answers;
    }

    /** Whether the hub closes this connection within {@code timeout}, sending nothing but keep-alives before. */
    boolean closedByHubWithin(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            Frame frame;
            do {
                frame = in.read();
            } while (frame != null && frame.isKeepAlive());
            return frame == null;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the hub
        } catch (ProtocolException e) {
            throw new IllegalStateException(e);
        } finally {
            socket.setSoTimeout(5_000);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
