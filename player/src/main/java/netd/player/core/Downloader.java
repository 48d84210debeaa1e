package netd.player.core;

import netd.common.id.PlayerId;

/**
 * One downloader as this player's upload side sees it: whether its handshake was accepted,
 * whether it wants to download and may, how many of its requests are being served.
 * {@link Uploading} reads and changes it, on the connection manager's thread only.
 */
final class Downloader {
    /** Where the decisions about one downloader go: its link, or a test's recorder. */
    interface Wire extends Uploader.Wire {
        /** Its handshake was accepted: it is the player {@code id}. Called before anything is sent to it. */
        void accepted(PlayerId id);

        /** Messages waiting in the link to be written. */
        int queued();

        /** Bytes of the books sent to it that the link has not yet written to the socket. */
        long unwrittenBookBytes();
    }

    final Wire wire;
    /** When the link opened (millis), for the handshake timeout. */
    final long openedAt;
    /** Whether the handshake was accepted. */
    boolean handshakeDone;
    /** The player its handshake named, once accepted. */
    PlayerId playerId;
    boolean interestedInUs;
    boolean weUnchoke;
    /** Books served to it since the last tick (for the initial seeding: an unchoked one that asks nothing hears of more, a fast one is offered more ahead). */
    int servedThisTick;

    Downloader(Wire wire, long openedAt) {
        this.wire = wire;
        this.openedAt = openedAt;
    }

    @Override
    public String toString() {
        return wire.toString();
    }
}
