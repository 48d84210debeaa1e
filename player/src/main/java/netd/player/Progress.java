package netd.player;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The figures other threads read about this player (hub announces, status lines): written
 * by the connection manager, read by anyone.
 */
public final class Progress {
    private final long stuffLength;
    private final int bookCount;
    private final AtomicLong heldBytes = new AtomicLong();
    private final AtomicLong heldBooks = new AtomicLong();
    private final AtomicLong downloadedBytes = new AtomicLong();
    private final AtomicLong uploadedBytes = new AtomicLong();
    private final AtomicLong badBooks = new AtomicLong();
    private final AtomicLong needlessBytes = new AtomicLong();
    private final AtomicLong peers = new AtomicLong();
    private final AtomicLong peersMet = new AtomicLong();
    private final AtomicLong hubAnswers = new AtomicLong();

    public Progress(long stuffLength, int bookCount) {
        this.stuffLength = stuffLength;
        this.bookCount = bookCount;
    }

    public void held(int books, long bytes) {
        heldBooks.addAndGet(books);
        heldBytes.addAndGet(bytes);
    }

    public void downloaded(long bytes) {
        downloadedBytes.addAndGet(bytes);
    }

    public void uploaded(long bytes) {
        uploadedBytes.addAndGet(bytes);
    }

    public void peers(int count) {
        peers.set(count);
    }

    public long peers() {
        return peers.get();
    }

    /** Another player was met for the first time in this run. */
    public void metPeer() {
        peersMet.incrementAndGet();
    }

    public long peersMet() {
        return peersMet.get();
    }

    /** The hub answered an announce with its list of players (a refusal does not count). */
    public void hubAnswered() {
        hubAnswers.incrementAndGet();
    }

    public long hubAnswers() {
        return hubAnswers.get();
    }

    public void badBook() {
        badBooks.incrementAndGet();
    }

    /**
     * A good book arrived that was not needed: held or being written already (a second copy
     * from the endgame), or no longer asked of its uploader (its request had timed out or
     * gone with a choke). What the uploader's uplink spent for nothing.
     */
    public void needless(long bytes) {
        needlessBytes.addAndGet(bytes);
    }

    public long needlessBytes() {
        return needlessBytes.get();
    }

    /** Bytes of verified books held (the hub's {@code downloaded}). */
    public long heldBytes() {
        return heldBytes.get();
    }

    public long heldBooks() {
        return heldBooks.get();
    }

    public int bookCount() {
        return bookCount;
    }

    public long left() {
        return stuffLength - heldBytes.get();
    }

    /** Bytes of books downloaded in this run. */
    public long downloadedBytes() {
        return downloadedBytes.get();
    }

    public long uploadedBytes() {
        return uploadedBytes.get();
    }

    public long badBooks() {
        return badBooks.get();
    }

    public boolean complete() {
        return heldBooks.get() == bookCount;
    }
}
