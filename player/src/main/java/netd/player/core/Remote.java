package netd.player.core;

import netd.common.id.PlayerId;
import netd.common.wire.PeerMessage;
import netd.player.PlayerTuning;

import java.net.InetSocketAddress;

/**
 * One link as the {@link PlayerCore} sees it: who is at the other end, what moved on it and
 * how fast, and the download or upload side's state of it. What its decisions say to the
 * other player goes into the core's {@link Outbox}, never to a socket.
 */
final class Remote<L> implements Downloader.Wire {
    final L link;
    final Role role;
    final InetSocketAddress address;
    final long openedAt;
    private final Outbox<L> outbox;
    /** Who the other player is: from the hub's list (download) or its handshake (upload); null until known. */
    PlayerId playerId;
    /** Download role: what the download side knows of the other player. */
    Uploader uploader;
    /** Upload role: what the upload side knows of the other player. */
    Downloader downloader;
    /** When anything last arrived from it (millis), to close the idlest link first when room is needed. */
    long lastActivity;
    /** Download role: whether the link has stalled (asked, and silent too long). */
    final StallWatch stall = new StallWatch();
    /** Bytes of books moved on this link, for rates and the summary. */
    long bytesReceived;
    long bytesSent;
    /** How fast they moved lately, for the choking round. */
    final Rate receiving = new Rate();
    final Rate sending = new Rate();
    /** Closed by this player in the turn under way: nothing more goes out on it. */
    boolean closing;
    /** What this turn's actions will add to the link's backlog (see {@link Outbox}). */
    int pendingMessages;
    long pendingBookBytes;

    Remote(L link, Role role, InetSocketAddress address, PlayerId playerId, long openedAt, Outbox<L> outbox) {
        this.link = link;
        this.role = role;
        this.address = address;
        this.playerId = playerId;
        this.openedAt = openedAt;
        this.lastActivity = openedAt;
        this.outbox = outbox;
    }

    @Override
    public boolean send(PeerMessage message) {
        return outbox.send(this, message);
    }

    @Override
    public void close(String reason) {
        outbox.close(this, reason);
    }

    @Override
    public void accepted(PlayerId id) {
        playerId = id;
        spaceMessagesIfOriginal();
    }

    @Override
    public int queued() {
        return outbox.queued(this);
    }

    @Override
    public long unwrittenBookBytes() {
        return outbox.unwrittenBookBytes(this);
    }

    /**
     * The original decodes one message per socket read, so a message glued behind another
     * could wait unread (PROTOCOL.md §4): to an original player, send each message on its own
     * and follow a burst with keep-alives (see {@link PlayerTuning#ORIGINAL_MESSAGE_GAP}).
     */
    void spaceMessagesIfOriginal() {
        if (playerId != null && playerId.isOriginalClient()) {
            outbox.add(new CoreAction.SpaceMessages<>(link, PlayerTuning.ORIGINAL_MESSAGE_GAP));
        }
    }

    /** How many requests may be in flight to this uploader. */
    int pipelineLimit(int depth) {
        // The original decodes one message per socket read, so a second request glued behind
        // the first could wait unread (PROTOCOL.md §4): ask one book at a time.
        return playerId != null && playerId.isOriginalClient() ? 1 : depth;
    }

    @Override
    public String toString() {
        String who = playerId == null ? "?" : playerId.text();
        return who + "@" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
