package netd.player.e2e;

import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.wire.PeerMessage;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A test double that downloads and never uploads: it connects to the players it is given,
 * declares interest in all of them, and whenever one unchokes it, asks for every book that
 * player has and it lacks (16 at a time, as many as a real downloader keeps in flight). It
 * registers with no hub and listens on no port, so nobody can ever download from it; it
 * counts the distinct good books it received.
 */
final class FreeRider implements AutoCloseable {
    private static final int IN_FLIGHT = 16;

    final PlayerId id = PlayerId.generate(new SecureRandom());
    private final Library library;
    private final BitSet received = new BitSet();
    private final Set<Integer> askedAnywhere = new HashSet<>();
    private final List<ScriptedPeer> uploaders = Collections.synchronizedList(new ArrayList<>());
    private final Random random = new Random(11);
    private long receivedBytes;

    FreeRider(Library library) {
        this.library = library;
    }

    /** Starts downloading from the player listening on {@code port}. */
    void downloadFrom(int port) throws IOException {
        ScriptedPeer uploader = ScriptedPeer.downloader(port, library, id);
        uploaders.add(uploader);
        Thread.ofVirtual().start(() -> {
            try {
                takeFrom(uploader);
            } catch (Exception e) {
                // the player went away or we were closed: this double just stops taking from it
            }
        });
    }

    /** Bytes of the distinct good books received so far. */
    synchronized long receivedBytes() {
        return receivedBytes;
    }

    private void takeFrom(ScriptedPeer uploader) throws Exception {
        BitSet has = new BitSet();
        Set<Integer> asked = new HashSet<>();
        boolean unchoked = false;
        PeerMessage message;
        while ((message = uploader.receive()) != null) {
            switch (message) {
                case PeerMessage.Bitfield bitfield -> {
                    has.or(bitfield.toBooks(library.bookCount()));
                    uploader.send(new PeerMessage.Interested());
                }
                case PeerMessage.Have have -> has.set(have.index());
                case PeerMessage.Unchoke unchoke -> unchoked = true;
                case PeerMessage.Choke choke -> {
                    // Requests pending at a choke are not answered: they may be asked elsewhere.
                    unchoked = false;
                    forget(asked);
                }
                case PeerMessage.BookData book -> {
                    asked.remove(book.index());
                    took(book);
                }
                default -> {
                }
            }
            if (unchoked) {
                for (int index : choose(has, asked)) {
                    asked.add(index);
                    uploader.send(new PeerMessage.Request(index));
                }
            }
        }
    }

    /** Books to ask of an uploader holding {@code has}: ones nobody else was asked for first, at random. */
    private synchronized List<Integer> choose(BitSet has, Set<Integer> asked) {
        List<Integer> fresh = new ArrayList<>();
        List<Integer> askedElsewhere = new ArrayList<>();
        for (int i = has.nextSetBit(0); i >= 0; i = has.nextSetBit(i + 1)) {
            if (!received.get(i) && !asked.contains(i)) {
                (askedAnywhere.contains(i) ? askedElsewhere : fresh).add(i);
            }
        }
        Collections.shuffle(fresh, random);
        Collections.shuffle(askedElsewhere, random);
        fresh.addAll(askedElsewhere);
        List<Integer> chosen = fresh.subList(0, Math.max(0, Math.min(fresh.size(), IN_FLIGHT - asked.size())));
        askedAnywhere.addAll(chosen);
        return List.copyOf(chosen);
    }

    private synchronized void forget(Set<Integer> asked) {
        askedAnywhere.removeAll(asked);
        asked.clear();
    }

    private synchronized void took(PeerMessage.BookData book) {
        askedAnywhere.remove(book.index());
        if (library.isValidIndex(book.index()) && !received.get(book.index())
                && library.verifies(book.index(), book.data())) {
            received.set(book.index());
            receivedBytes += book.length();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (uploaders) {
            for (ScriptedPeer uploader : uploaders) {
                uploader.close();
            }
        }
    }
}
