package netd.player.e2e;

import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double that registers with the hub as a player holding the whole stuff and plays a
 * {@link Script} with every downloader that connects to it: the honest-looking {@link FakeSeeder}
 * and the hostile uploaders of {@link HostilePeersE2ETest} are scripts.
 */
final class FakeUploader implements AutoCloseable {
    /** What the double does with one downloader; returning (or throwing) ends that connection. */
    interface Script {
        void play(ScriptedPeer downloader) throws Exception;
    }

    final PlayerId id = PlayerId.generate(new SecureRandom());
    private final Script script;
    private final ServerSocket server;
    private final Socket hub;
    private final Set<Socket> downloaders = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();

    FakeUploader(Swarm swarm, Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.hub = new Socket(InetAddress.getLoopbackAddress(), swarm.hubPort());
        Library library = swarm.library();
        DataOutputStream toHub = new DataOutputStream(hub.getOutputStream());
        HubCodec.INSTANCE.encode(new HubMessage.Notify(library.infoHash(), id, server.getLocalPort(), library.length(), 0, 0,
                HubMessage.Event.START), toHub);
        toHub.flush();
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** How many downloaders have connected so far. */
    int connections() {
        return connections.get();
    }

    /** Waits until a downloader has connected. */
    void awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connections() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nobody connected to " + id + " within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                downloaders.add(socket);
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> play(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void play(Socket socket) {
        try (ScriptedPeer downloader = new ScriptedPeer(socket)) {
            script.play(downloader);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | AssertionError e) {
            // the downloader went away or we were closed: this double just stops playing with it
        } finally {
            downloaders.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        hub.close();
        for (Socket socket : downloaders) {
            socket.close();
        }
    }
}
