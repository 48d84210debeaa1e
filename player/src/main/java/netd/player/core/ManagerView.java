package netd.player.core;

import netd.common.id.PlayerId;
import netd.player.pick.BookPicker;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;

/**
 * A copy of what the {@link netd.player.peer.PlayerConnectionManager} sees at one moment, for the web page:
 * the books held and being downloaded, and every peer. Made on the manager's thread, read on
 * any other.
 *
 * @param held        the books held and verified
 * @param downloading the books not held that are requested or being written
 * @param peers       every open connection
 */
public record ManagerView(BitSet held, BitSet downloading, List<PeerView> peers) {
    /**
     * One connection. Connections are one-way in purpose (PROTOCOL.md §4), so whether the
     * transfer is choked, and whether the downloading side is interested, describe its
     * direction: on a download, the other player chokes this one and this one is interested;
     * on an upload, the reverse.
     *
     * @param playerId      the other player, or null before its handshake
     * @param direction     {@code DOWNLOAD}: this player downloads from it; {@code UPLOAD}: it downloads from this one
     * @param choked        the uploading side does not let the downloading side ask
     * @param interested    the downloading side wants books the uploading side has
     * @param bytesReceived bytes of books received on it since it opened
     * @param bytesSent     bytes of books sent on it since it opened
     * @param booksHeld     how many books the other player holds, as far as it told (-1: not told on an upload)
     */
    public record PeerView(PlayerId playerId, String address, Role direction, boolean choked, boolean interested,
                           long bytesReceived, long bytesSent, int booksHeld) {
    }

    static ManagerView of(BookPicker picker, Collection<? extends Remote<?>> peers) {
        List<PeerView> views = new ArrayList<>(peers.size());
        for (Remote<?> peer : peers) {
            views.add(viewOf(peer));
        }
        return new ManagerView(picker.heldBooks(), picker.requestedBooks(), List.copyOf(views));
    }

    private static PeerView viewOf(Remote<?> peer) {
        String address = peer.address.getAddress().getHostAddress() + ":" + peer.address.getPort();
        if (peer.role == Role.DOWNLOAD) {
            Uploader uploader = peer.uploader;
            return new PeerView(peer.playerId, address, peer.role, !uploader.unchokingUs, uploader.weAreInterested,
                    peer.bytesReceived, peer.bytesSent, uploader.has.cardinality());
        }
        Downloader downloader = peer.downloader;
        return new PeerView(peer.playerId, address, peer.role, !downloader.weUnchoke, downloader.interestedInUs,
                peer.bytesReceived, peer.bytesSent, -1);
    }
}
