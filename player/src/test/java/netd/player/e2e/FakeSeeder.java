package netd.player.e2e;

import netd.common.ProtocolException;
import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.wire.Frame;
import netd.common.wire.FrameReader;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage;
import netd.common.wire.PeerCodec;
import netd.common.wire.PeerMessage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.BitSet;
import java.util.Random;

/**
 * A test double that speaks the protocol with the real codecs and claims to hold the whole
 * stuff: it registers with the hub, accepts downloaders, sends a full bitfield, unchokes,
 * and answers every request as its {@link Behaviour} says: with corrupt bytes, or with the
 * real book after a delay.
 */
final class FakeSeeder implements AutoCloseable {
    /** How a request is answered. */
    interface Behaviour {
        byte[] answer(int index, byte[] realBook) throws InterruptedException;
    }

    static Behaviour corrupt() {
        Random random = new Random(7);
        return (index, real) -> {
            byte[] bad = new byte[real.length];
            random.nextBytes(bad);
            return bad;
        };
    }

    /** Never answers, keeping the connection open: a peer that vanished without a FIN. */
    static Behaviour silent() {
        return (index, real) -> {
            Thread.sleep(Long.MAX_VALUE);
            return real;
        };
    }

    static Behaviour slow(long millisPerBook) {
        return (index, real) -> {
            Thread.sleep(millisPerBook);
            return real;
        };
    }

    private final Library library;
    private final Path stuff;
    private final Behaviour behaviour;
    private final ServerSocket server;
    private final Socket hub;
    private final java.util.Set<Socket> downloaders = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final PlayerId id = PlayerId.generate(new SecureRandom());

    FakeSeeder(Swarm swarm, Path stuff, Behaviour behaviour) throws IOException {
        this.library = swarm.library();
        this.stuff = stuff;
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.hub = new Socket(InetAddress.getLoopbackAddress(), swarm.hubPort());
        DataOutputStream toHub = new DataOutputStream(hub.getOutputStream());
        HubCodec.INSTANCE.encode(new HubMessage.Notify(library.infoHash(), id, server.getLocalPort(), library.length(), 0, 0,
                HubMessage.Event.START), toHub);
        toHub.flush();
        Thread.ofVirtual().start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                downloaders.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; RandomAccessFile file = new RandomAccessFile(stuff.toFile(), "r")) {
            FrameReader frames = new FrameReader(new BufferedInputStream(socket.getInputStream()), Frame.MAX_LENGTH);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            BitSet all = new BitSet();
            all.set(0, library.bookCount());
            Frame frame;
            while ((frame = frames.read()) != null) {
                if (frame.isKeepAlive()) {
                    continue;
                }
                switch (PeerCodec.INSTANCE.decode(frame.id(), frame.payload())) {
                    case PeerMessage.Handshake handshake -> {
                        PeerCodec.INSTANCE.encode(PeerMessage.Bitfield.of(all, library.bookCount()), out);
                        PeerCodec.INSTANCE.encode(new PeerMessage.Unchoke(), out);
                    }
                    case PeerMessage.Request request -> {
                        byte[] real = new byte[library.bookLength(request.index())];
                        file.seek(library.bookOffset(request.index()));
                        file.readFully(real);
                        PeerCodec.INSTANCE.encode(new PeerMessage.BookData(request.index(),
                                behaviour.answer(request.index(), real)), out);
                    }
                    default -> {
                    }
                }
                out.flush();
            }
        } catch (IOException | ProtocolException e) {
            // the downloader went away or we were closed: this double just stops serving it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
