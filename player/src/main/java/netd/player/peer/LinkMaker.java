package netd.player.peer;

import netd.common.wire.HubMessage.PlayerEntry;

import java.net.InetSocketAddress;

/**
 * What the connection manager asks of whatever makes its links: {@link Connections} over
 * sockets, or a test's recorder. Every open link holds one of a bounded number of slots.
 */
public interface LinkMaker {
    /**
     * Starts connecting to {@code player} to download from it, taking a slot; the outcome comes
     * back as an Opened or ConnectFailed event. False when every slot is taken.
     */
    boolean connect(PlayerEntry player, InetSocketAddress address);

    /** Slots free now (another thread may take one before a dial does: then the dial returns false). */
    int freeSlots();

    /** Gives back the slot of a closed link. */
    void released();

    /** The port this player listens on. */
    int port();

    /** Stops taking new links. */
    void close();
}
