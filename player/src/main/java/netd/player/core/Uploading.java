package netd.player.core;

import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.link.Link;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.Bitfield;
import netd.common.wire.PeerMessage.Choke;
import netd.common.wire.PeerMessage.Handshake;
import netd.common.wire.PeerMessage.Have;
import netd.common.wire.PeerMessage.Interested;
import netd.common.wire.PeerMessage.NotInterested;
import netd.common.wire.PeerMessage.Request;
import netd.common.wire.PeerMessage.Unchoke;
import netd.player.choke.ChokingRounds;
import netd.player.pick.BookPicker;
import netd.player.upload.FirstCopyWatch;
import netd.player.upload.InitialSeeding;
import netd.player.upload.ServeQueue;
import netd.player.upload.TokenBucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import static netd.player.PlayerTuning.HANDSHAKE_TIMEOUT_MILLIS;
import static netd.player.PlayerTuning.MAX_QUEUED_FOR_SERVING;
import static netd.player.PlayerTuning.MAX_UNWRITTEN_BOOK_BYTES;
import static netd.player.PlayerTuning.MAX_WAITING_REQUESTS;
import static netd.player.PlayerTuning.TOLD_AT_ONCE;

/**
 * What this player's upload side does with what its downloaders say (handshake, interested,
 * not interested, request): whom it accepts, whom it unchokes when a slot is free, which
 * requests it queues for serving and in what order ({@link ServeQueue}, under the upload
 * limit), what a choke or a closed link drops. Whom to unchoke each round is the
 * {@link netd.player.choke.UnchokeChooser}'s choice; the manager applies it with
 * {@link #unchoke} and {@link #choke}. Plain state and decisions, no threads and no sockets:
 * the {@link PlayerConnectionManager} calls it on its thread for its upload links (and sends
 * the books it says to serve), the fuzz target drives it directly.
 */
final class Uploading {
    private static final Logger log = LoggerFactory.getLogger(Uploading.class);

    private final Library library;
    private final PlayerId ownId;
    private final BookPicker picker;
    private final int maxUploads;
    private final Predicate<PlayerId> banned;
    private final Predicate<PlayerId> refused;
    private final RandomGenerator random;
    private final ServeQueue<Downloader> serveQueue;
    /** What a player that started with the whole stuff tells each downloader; null for one that did not. */
    private final InitialSeeding<Downloader> initialSeeding;
    /** Whether such a player sent every book once before any twice; null for one that did not start so. */
    private final FirstCopyWatch firstCopy;
    /** The open upload links, in the order they opened. */
    private final Set<Downloader> downloaders = new LinkedHashSet<>();

    /**
     * @param limit   the upload limit, or null for none
     * @param banned  whether a player id is refused
     * @param refused whether a player's listed address refused or failed this player's last dial
     *                ({@link netd.player.choke.UnchokeChooser}: it gets no slot nobody earned)
     */
    Uploading(Library library, PlayerId ownId, BookPicker picker, int maxUploads, TokenBucket limit,
              Predicate<PlayerId> banned, Predicate<PlayerId> refused, RandomGenerator random) {
        this.library = library;
        this.ownId = ownId;
        this.picker = picker;
        this.maxUploads = maxUploads;
        this.banned = banned;
        this.refused = refused;
        this.random = random;
        this.serveQueue = new ServeQueue<>(limit, Uploading::canTakeBook);
        this.initialSeeding = picker.isComplete() ? new InitialSeeding<>(library.bookCount()) : null;
        this.firstCopy = picker.isComplete() ? new FirstCopyWatch(library.bookCount()) : null;
    }

    /** Whether {@code downloader}'s link has room for a book now: it reads what it is sent. */
    private static boolean canTakeBook(Downloader downloader) {
        return downloader.wire.queued() < MAX_QUEUED_FOR_SERVING
                && downloader.wire.unwrittenBookBytes() < MAX_UNWRITTEN_BOOK_BYTES;
    }

    /** An upload link opened at {@code openedAt} (millis); what it says goes to {@code wire}. */
    Downloader opened(Downloader.Wire wire, long openedAt) {
        Downloader downloader = new Downloader(wire, openedAt);
        downloaders.add(downloader);
        return downloader;
    }

    /** The link closed: its waiting requests are dropped, and its slot goes to another. */
    void closed(Downloader downloader, String reason) {
        downloaders.remove(downloader);
        if (downloader.handshakeDone) {
            log.info("{} disconnected (uploading to it): {}", downloader, reason);
        } else if (!reason.equals(Link.PEER_CLOSED)) {
            // Refused before its handshake (another stuff, our own id, too slow, garbage):
            // this line is the only trace of it. One that merely hung up is not worth one.
            log.info("refused the connection from {}: {}", downloader, reason);
        }
        serveQueue.drop(downloader);
        if (initialSeeding != null) {
            initialSeeding.closed(downloader);
        }
        if (downloader.weUnchoke) {
            unchokeWaiting();
        }
    }

    /**
     * A message from {@code downloader}.
     *
     * @return true when it was a handshake, accepted: the downloader is the player it named
     */
    boolean received(Downloader downloader, PeerMessage message) {
        if (!downloader.handshakeDone) {
            if (message instanceof Handshake handshake) {
                return handshake(downloader, handshake);
            }
            downloader.wire.close("sent " + message + " before its handshake");
            return false;
        }
        switch (message) {
            case Interested interested -> {
                downloader.interestedInUs = true;
                if (initialSeeding != null) {
                    initialSeeding.interested(downloader);
                }
                if (unchokedCount() < slots() && mayTakeFreeSlot(downloader)) {
                    unchoke(downloader);
                }
            }
            case NotInterested notInterested -> {
                downloader.interestedInUs = false;
                if (downloader.weUnchoke) {
                    choke(downloader);
                    unchokeWaiting();
                }
                if (initialSeeding != null) {
                    // It holds what it was offered: offer it more.
                    tell(downloader, initialSeeding.notInterested(downloader));
                }
            }
            case Request request -> serve(downloader, request.index());
            case Handshake handshake -> downloader.wire.close("sent a second handshake");
            default -> log.debug("{} sent {} on an upload connection; ignored", downloader, message);
        }
        return false;
    }

    private boolean handshake(Downloader downloader, Handshake handshake) {
        if (!handshake.infoHash().equals(library.infoHash())) {
            downloader.wire.close("asked for another stuff (" + handshake.infoHash() + ")");
            return false;
        }
        if (handshake.playerId().equals(ownId)) {
            downloader.wire.close("its handshake claims this player's own id");
            return false;
        }
        if (library.netd() && handshake.playerId().isOriginalClient()) {
            downloader.wire.close("an original player (" + handshake.playerId() + ") cannot use a netd library");
            return false;
        }
        if (banned.test(handshake.playerId())) {
            downloader.wire.close("banned");
            return false;
        }
        downloader.handshakeDone = true;
        downloader.playerId = handshake.playerId();
        downloader.wire.accepted(handshake.playerId());
        downloader.wire.send(Bitfield.of(initialSeeding != null ? initialSeeding.opened(downloader) : picker.heldBooks(),
                library.bookCount()));
        log.info("{} connected to download", downloader);
        return true;
    }

    /** Closes every link whose downloader has not sent its handshake in time. */
    void expireHandshakes(long now) {
        for (Downloader downloader : downloaders) {
            if (!downloader.handshakeDone && now - downloader.openedAt > HANDSHAKE_TIMEOUT_MILLIS) {
                downloader.wire.close("no handshake within " + HANDSHAKE_TIMEOUT_MILLIS / 1000 + " s");
            }
        }
    }

    /** A new book is written: every downloader learns of it. */
    void written(int index) {
        for (Downloader downloader : downloaders) {
            if (downloader.handshakeDone) {
                downloader.wire.send(new Have(index));
            }
        }
    }

    private void serve(Downloader downloader, int index) {
        if (!library.isValidIndex(index)) {
            downloader.wire.close("requested book " + index + ", beyond the " + library.bookCount() + " books");
            return;
        }
        if (!downloader.weUnchoke || !picker.isHeld(index) || serveQueue.waiting(downloader) >= MAX_WAITING_REQUESTS) {
            log.trace("{}: request for {} not served (choked, not held or too many pending)", downloader, index);
            return;
        }
        serveQueue.add(downloader, index);
    }

    /**
     * The next request to serve now, which the caller sends at once; null when none waits or
     * --max-upload-rate says wait ({@link #millisUntilNextServe}).
     */
    ServeQueue.Serve<Downloader> nextServe(long now) {
        ServeQueue.Serve<Downloader> next = serveQueue.next(now, library::bookLength);
        if (next != null && initialSeeding != null) {
            if (firstCopy.sent(next.index(), now)) {
                log.info("initial seeding: every book sent once, {} ms after the first, in {} books sent ({} twice)",
                        firstCopy.millis(), firstCopy.sends(), firstCopy.sentTwice());
            }
            next.downloader().servedThisTick++;
            tell(next.downloader(), initialSeeding.served(next.downloader(), next.index()));
        }
        return next;
    }

    /**
     * Offers the books it has not heard of, a batch at a time while its link's queue has room,
     * to each downloader that stays not interested (it holds what it was offered, and so says
     * nothing more), and to each that is unchoked and interested but asked for nothing since
     * the last tick (what it lacks of what it was told, it waits for from others): a seeder's
     * slot that carries nothing is wasted. In PlayerE2ETest's 256 MiB swarm of 3 on a loaded
     * machine, such a leecher waited for 30 s and more, the seeder idle. Called every tick.
     */
    void offerSated() {
        if (initialSeeding == null) {
            return;
        }
        for (Downloader downloader : downloaders) {
            initialSeeding.servedLastTick(downloader, downloader.servedThisTick);
            if (downloader.handshakeDone && downloader.wire.queued() < MAX_QUEUED_FOR_SERVING) {
                tell(downloader, initialSeeding.stillNotInterested(downloader, TOLD_AT_ONCE));
                if (downloader.weUnchoke && downloader.interestedInUs && downloader.servedThisTick == 0) {
                    tell(downloader, initialSeeding.idle(downloader, TOLD_AT_ONCE));
                }
            }
            downloader.servedThisTick = 0;
        }
    }

    /** Sends a have for each of {@code books}: the initial seeding offers them. */
    private void tell(Downloader downloader, BitSet books) {
        books.stream().forEach(book -> downloader.wire.send(new Have(book)));
    }

    /** How long until {@link #nextServe} may give a request: 0 now, {@link Long#MAX_VALUE} when none waits. */
    long millisUntilNextServe(long now) {
        return serveQueue.millisUntilNext(now);
    }

    private int unchokedCount() {
        int count = 0;
        for (Downloader downloader : downloaders) {
            if (downloader.weUnchoke) {
                count++;
            }
        }
        return count;
    }

    void unchoke(Downloader downloader) {
        if (!downloader.weUnchoke) {
            downloader.weUnchoke = true;
            if (initialSeeding != null) {
                // Before the unchoke: its first requests then choose among the whole batch.
                tell(downloader, initialSeeding.unchoked(downloader));
            }
            downloader.wire.send(new Unchoke());
        }
    }

    /** Takes the slot back: requests still waiting are not answered (PROTOCOL.md §4). */
    void choke(Downloader downloader) {
        if (downloader.weUnchoke) {
            downloader.weUnchoke = false;
            serveQueue.drop(downloader);
            if (initialSeeding != null) {
                initialSeeding.choked(downloader);
            }
            downloader.wire.send(new Choke());
        }
    }

    /**
     * Downloaders unchoked at once at most: --max-uploads + 1 while downloading, more while
     * seeding ({@link ChokingRounds#seedingSlots}).
     */
    private int slots() {
        return picker.isComplete() ? ChokingRounds.seedingSlots(maxUploads, interestedCount()) : maxUploads + 1;
    }

    /** Whether some downloader wants a book of this player: it says it is interested. */
    boolean wanted() {
        return interestedCount() > 0;
    }

    private int interestedCount() {
        int interested = 0;
        for (Downloader downloader : downloaders) {
            if (downloader.handshakeDone && downloader.interestedInUs) {
                interested++;
            }
        }
        return interested;
    }

    /**
     * A slot came free: give it to a random interested downloader that waits, one that did not
     * refuse this player's dial ({@link #mayTakeFreeSlot}) if any.
     */
    private void unchokeWaiting() {
        List<Downloader> waiting = new ArrayList<>();
        List<Downloader> refusing = new ArrayList<>();
        for (Downloader downloader : downloaders) {
            if (downloader.handshakeDone && downloader.interestedInUs && !downloader.weUnchoke) {
                (refused.test(downloader.playerId) ? refusing : waiting).add(downloader);
            }
        }
        if (waiting.isEmpty() && picker.isComplete()) {
            waiting = refusing;
        }
        if (!waiting.isEmpty() && unchokedCount() < slots()) {
            unchoke(waiting.get(random.nextInt(waiting.size())));
        }
    }

    /**
     * {@code downloader}'s listed address refused or failed this player's dial, and it does
     * not hold the optimistic unchoke: while this player downloads, the slot it holds, which
     * it did not earn (it gives this player nothing), goes to another that waits.
     */
    void refusedOurDial(Downloader downloader) {
        if (!picker.isComplete() && downloader.weUnchoke) {
            choke(downloader);
            unchokeWaiting();
        }
    }

    /**
     * Whether {@code downloader} may take a slot that is free now. While this player downloads,
     * not one whose listed address refused its last dial: a slot nobody earned goes to it only
     * as the round's optimistic unchoke ({@link netd.player.choke.UnchokeChooser}). A seeding
     * player has no optimistic unchoke: it serves one in turns, after the others
     * ({@link netd.player.choke.TurnRotation}), and a free slot to whoever asks.
     */
    private boolean mayTakeFreeSlot(Downloader downloader) {
        return picker.isComplete() || !refused.test(downloader.playerId);
    }
}
