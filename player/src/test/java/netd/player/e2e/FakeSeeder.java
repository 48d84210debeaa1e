package netd.player.e2e;

import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.wire.PeerMessage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
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
    private final FakeUploader uploader;
    final PlayerId id;

    FakeSeeder(Swarm swarm, Path stuff, Behaviour behaviour) throws IOException {
        this.library = swarm.library();
        this.stuff = stuff;
        this.behaviour = behaviour;
        this.uploader = new FakeUploader(swarm, this::serve);
        this.id = uploader.id;
    }

    private void serve(ScriptedPeer downloader) throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(stuff.toFile(), "r")) {
            BitSet all = new BitSet();
            all.set(0, library.bookCount());
            PeerMessage message;
            while ((message = downloader.receive()) != null) {
                switch (message) {
                    case PeerMessage.Handshake handshake ->
                            downloader.send(PeerMessage.Bitfield.of(all, library.bookCount()), new PeerMessage.Unchoke());
                    case PeerMessage.Request request -> {
                        byte[] real = new byte[library.bookLength(request.index())];
                        file.seek(library.bookOffset(request.index()));
                        file.readFully(real);
                        downloader.send(new PeerMessage.BookData(request.index(), behaviour.answer(request.index(), real)));
                    }
                    default -> {
                    }
                }
            }
        }
    }

    /** How many downloaders have connected so far. */
    int connections() {
        return uploader.connections();
    }

    void awaitConnected(Duration timeout) throws InterruptedException {
        uploader.awaitConnected(timeout);
    }

    @Override
    public void close() throws IOException {
        uploader.close();
    }
}
