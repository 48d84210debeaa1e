package netd.player.core;

/**
 * What a link is for. Links are one-way in purpose (PROTOCOL.md §4): on a {@link #DOWNLOAD}
 * link this player asked to download and the other uploads; on an {@link #UPLOAD} link the
 * other player connected to download from this one.
 */
public enum Role {
    DOWNLOAD, UPLOAD
}
