package netd.player.peer;

import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.link.Link;
import netd.common.link.LinkOwner;
import netd.common.wire.PeerCodec;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.BookData;
import netd.player.PlayerTuning;
import netd.player.core.PlayerCore;
import netd.player.core.Role;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection to another player. Connections are one-way in purpose (PROTOCOL.md §4):
 * on an {@link Role#DOWNLOAD} connection this player asked to download and the other uploads;
 * on an {@link Role#UPLOAD} connection the other player connected to download from this one.
 *
 * <p>As the link's owner, a peer only turns what the link reads into events on the
 * connection manager's queue (verifying a book's SHA-1 first, so hashing runs on each
 * link's own reader thread, in parallel), and carries out on the link what the manager's
 * {@link PlayerCore} decides; the decisions' state of a link is the core's.
 */
public final class Peer implements LinkOwner<PeerMessage> {
    private final Role role;
    private final InetSocketAddress address;
    private final Library library;
    private final ManagerInbox events;
    private final long openedAt;
    private Line link;
    /**
     * Events read and not yet passed to the manager; touched only by the link's reader thread.
     * The link's read buffer bounds how many build up in one burst, and this cap bounds it too.
     */
    private final List<ManagerEvent> gathered = new ArrayList<>();

    /** The player dialled, on a download link (from the hub's list); null on an upload link. */
    PlayerId playerId;

    Peer(Role role, InetSocketAddress address, Library library, ManagerInbox events, long openedAt) {
        this.role = role;
        this.address = address;
        this.library = library;
        this.events = events;
        this.openedAt = openedAt;
    }

    /**
     * What a peer needs of its link: the real {@link Link} ({@link #of}), or a test's
     * recorder that drives the connection manager without sockets.
     */
    interface Line {
        boolean send(PeerMessage message);

        boolean sendFrame(byte[] head, ByteBuffer body);

        void spaceMessages(Duration gap);

        int queued();

        long unwrittenBodyBytes();

        void close(String reason);

        boolean isOpen();

        static Line of(Link<PeerMessage> link) {
            return new Line() {
                @Override
                public boolean send(PeerMessage message) {
                    return link.send(message);
                }

                @Override
                public boolean sendFrame(byte[] head, ByteBuffer body) {
                    return link.sendFrame(head, body);
                }

                @Override
                public void spaceMessages(Duration gap) {
                    link.spaceMessages(gap);
                }

                @Override
                public int queued() {
                    return link.queued();
                }

                @Override
                public long unwrittenBodyBytes() {
                    return link.unwrittenBodyBytes();
                }

                @Override
                public void close(String reason) {
                    link.close(reason);
                }

                @Override
                public boolean isOpen() {
                    return link.isOpen();
                }
            };
        }
    }

    void attach(Line line) {
        this.link = line;
    }

    public Role role() {
        return role;
    }

    public InetSocketAddress address() {
        return address;
    }

    public PlayerId playerId() {
        return playerId;
    }

    public long openedAt() {
        return openedAt;
    }

    boolean isOpen() {
        return link.isOpen();
    }

    boolean send(PeerMessage message) {
        return link.send(message);
    }

    /** Sends book {@code index} from {@code view} without copying it (a view of the stuff file). */
    boolean sendBook(int index, ByteBuffer view) {
        return link.sendFrame(PeerCodec.bookHead(index, view.remaining(), PeerCodec.lengthsAfterHandshake(library)), view);
    }

    void close(String reason) {
        link.close(reason);
    }

    /** Messages waiting in the link to be written. */
    int queued() {
        return link.queued();
    }

    /** Bytes of the books queued on the link that it has not yet written to the socket. */
    long unwrittenBookBytes() {
        return link.unwrittenBodyBytes();
    }

    /** Sends each message on its own, {@code gap} apart (to an original player). */
    void spaceMessages(Duration gap) {
        link.spaceMessages(gap);
    }

    @Override
    public void onMessage(Link<PeerMessage> from, PeerMessage message) throws InterruptedException {
        if (message instanceof BookData book) {
            boolean good = library.isValidIndex(book.index()) && library.verifies(book.index(), book.data());
            gather(new ManagerEvent.BookArrived(this, book, good));
        } else {
            gather(new ManagerEvent.Message(this, message));
        }
    }

    @Override
    public void onReadPause(Link<PeerMessage> from) throws InterruptedException {
        passOnGathered();
    }

    /** Holds {@code event} back to pass it on with the others read in the same burst (see {@link ManagerInbox}). */
    private void gather(ManagerEvent event) throws InterruptedException {
        gathered.add(event);
        if (gathered.size() >= PlayerTuning.MAX_GATHERED) {
            passOnGathered();
        }
    }

    private void passOnGathered() throws InterruptedException {
        if (!gathered.isEmpty()) {
            events.postAll(gathered);
            gathered.clear();
        }
    }

    /**
     * Messages still held back when the reader stops (it failed mid-burst, or the link was
     * closed while a frame was half read) are not passed on: the link is gone. Their books go
     * back to the pool, whose buffers are bounded.
     */
    @Override
    public void onReadEnd(Link<PeerMessage> from) {
        for (ManagerEvent event : gathered) {
            if (event instanceof ManagerEvent.BookArrived arrived) {
                arrived.book().release();
            }
        }
        gathered.clear();
    }

    @Override
    public void onClosed(Link<PeerMessage> from, String reason) {
        events.postAlways(new ManagerEvent.Closed(this, reason));
    }

    @Override
    public String toString() {
        String who = playerId == null ? "?" : playerId.text();
        return who + "@" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
