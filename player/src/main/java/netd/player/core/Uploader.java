package netd.player.core;

import netd.common.wire.PeerMessage;
import netd.player.pick.UploaderPace;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One uploader as this player's download side sees it: what it holds, whether it lets us
 * ask, what we asked of it. {@link Downloading} reads and changes it, on the connection
 * manager's thread only.
 */
final class Uploader {
    /** Where the decisions about one uploader go: its link, or a test's recorder. */
    interface Wire {
        /** Queues {@code message} for the uploader; false when the link is closed or backed up. */
        boolean send(PeerMessage message);

        void close(String reason);
    }

    final Wire wire;
    /** Requests in flight at most. */
    final int pipelineLimit;
    /** The books the uploader holds. */
    final BitSet has = new BitSet();
    boolean bitfieldSeen;
    /** Whether the uploader lets this player request. */
    boolean unchokingUs;
    /** When (millis) it last choked this player after unchoking it; {@link PeerRotation#NEVER_UNCHOKED} while it never unchoked it. */
    long chokedSince = PeerRotation.NEVER_UNCHOKED;
    boolean weAreInterested;
    /** Requests sent and not answered: book index to the time sent (millis), oldest first. */
    final LinkedHashMap<Integer, Long> outstanding = new LinkedHashMap<>();
    /** The books it sent that failed their SHA-1 check, for the ban's log line. */
    final List<Integer> badBooks = new ArrayList<>();
    /** How fast it answers, for request timeouts and snubbing. */
    final UploaderPace pace = new UploaderPace();
    /**
     * When it last sent a book this player had not asked of it, or had given up on (millis):
     * books this player no longer counts wait on its link ahead of the requests sent before.
     */
    long unaskedAt = Long.MIN_VALUE;
    /** Silent for a minute while asked; skipped until it sends a book again. */
    boolean snubbed;

    Uploader(Wire wire, int pipelineLimit) {
        this.wire = wire;
        this.pipelineLimit = pipelineLimit;
    }

    @Override
    public String toString() {
        return wire.toString();
    }
}
