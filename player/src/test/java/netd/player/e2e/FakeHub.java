package netd.player.e2e;

import netd.common.bencode.BDictionary;
import netd.common.bencode.Bencode;
import netd.common.wire.Frame;
import netd.common.wire.FrameCodec;
import netd.common.wire.FrameReader;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage;

import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A hub double on a given port: it reads notifies with the real {@link HubCodec} and answers
 * the n-th notify of each connection with the n-th of its scripted answers (the last one
 * repeats). Answers are bencoded dictionaries built by the script, so they may leave out a
 * key the codec would always write. Other messages (invalid-address reports) are read and dropped.
 */
final class FakeHub implements AutoCloseable {
    private final ServerSocket server;
    private final List<Function<HubMessage.Notify, BDictionary>> answers;
    private final Set<Socket> players = ConcurrentHashMap.newKeySet();

    FakeHub(int port, List<Function<HubMessage.Notify, BDictionary>> answers) throws IOException {
        this.answers = List.copyOf(answers);
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread.ofVirtual().start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                players.add(socket);
                Thread.ofVirtual().start(() -> answer(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try (socket) {
            FrameReader frames = new FrameReader(new BufferedInputStream(socket.getInputStream()), Frame.MAX_LENGTH);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            int answered = 0;
            Frame frame;
            while ((frame = frames.read()) != null) {
                if (!frame.isKeepAlive() && HubCodec.INSTANCE.decode(frame.id(), frame.payload()) instanceof HubMessage.Notify notify) {
                    byte[] payload = Bencode.encode(answers.get(Math.min(answered++, answers.size() - 1)).apply(notify));
                    FrameCodec.writeHeader(out, HubMessage.ANSWER, payload.length);
                    out.write(payload);
                    out.flush();
                }
            }
        } catch (Exception e) {
            // the player went away or we were closed: nothing more to answer
        } finally {
            players.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : players) {
            socket.close();
        }
    }
}
