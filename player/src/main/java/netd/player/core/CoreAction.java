package netd.player.core;

import netd.common.library.HostPort;
import netd.common.wire.HubMessage.PlayerEntry;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.BookData;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What the {@link PlayerCore} answers an event with: what its caller does, in order, before
 * it hands the core the next event.
 */
public sealed interface CoreAction<L> {
    /** Queue {@code message} on the link. */
    record Send<L>(L link, PeerMessage message) implements CoreAction<L> {
    }

    /** Queue book {@code index}, read from the stuff (a held, verified book), on the link. */
    record SendBook<L>(L link, int index) implements CoreAction<L> {
    }

    record Close<L>(L link, String reason) implements CoreAction<L> {
    }

    /** Send each message on the link on its own, {@code gap} apart (the other is an original player). */
    record SpaceMessages<L>(L link, Duration gap) implements CoreAction<L> {
    }

    /** A closed link's connection slot is free again. */
    record FreeSlot<L>() implements CoreAction<L> {
    }

    /** Dial {@code player} at {@code address} to download from it, taking a slot; report Opened or DialFailed (DialRefused without a slot). */
    record Connect<L>(PlayerEntry player, InetSocketAddress address) implements CoreAction<L> {
    }

    /** Write the new, verified book; report Written or WriteFailed, and release it. */
    record Write<L>(BookData book) implements CoreAction<L> {
    }

    /** The book is not kept: give its buffer back. */
    record Discard<L>(BookData book) implements CoreAction<L> {
    }

    /** Every book is held and verified (said once). */
    record Completed<L>() implements CoreAction<L> {
    }

    /**
     * The download completed, and no downloader wants a book of this player any more, or it
     * has lingered long enough (said once, after {@link Completed}; {@link Lingering}): a player
     * that ends once complete ends now.
     */
    record NoLongerNeeded<L>() implements CoreAction<L> {
    }

    /** The player cannot go on (the disk refuses writes). */
    record Failed<L>(String reason) implements CoreAction<L> {
    }

    /** A player the hub listed cannot be reached (for the hub's {@code player invalid address}). */
    record Unreachable<L>(HostPort player) implements CoreAction<L> {
    }

    /** A player the hub has not listed connected to download: ask the hub for its list again. */
    record PlayersWanted<L>() implements CoreAction<L> {
    }

    /** Stop accepting links. */
    record StopListening<L>() implements CoreAction<L> {
    }
}
