package netd.player.core;

import netd.common.wire.PeerMessage.Bitfield;
import netd.common.wire.PeerMessage.Interested;
import netd.common.wire.PeerMessage.NotInterested;
import netd.common.wire.PeerMessage.Request;
import netd.player.PlayerTuning;
import netd.player.pick.BookPicker;
import netd.player.pick.UploaderPace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

import static netd.player.PlayerTuning.MAX_BAD_BOOKS;
import static netd.player.PlayerTuning.MAX_DEPTH;
import static netd.player.PlayerTuning.MAX_UNWRITTEN_BYTES;
import static netd.player.PlayerTuning.MIN_PACED_DEPTH;
import static netd.player.PlayerTuning.SHARES;

/**
 * What this player's download side does with what its uploaders say (bitfield, have, choke,
 * unchoke, a book that verifies or not): the availability of each book, interest, which
 * requests to send to whom, request timeouts, and what a book that arrives does to the pool.
 * Plain state and decisions, no threads and no sockets: the {@link PlayerConnectionManager}
 * calls it on its thread for its download links, the fuzz target drives it directly.
 */
final class Downloading {
    private static final Logger log = LoggerFactory.getLogger(Downloading.class);

    /** What became of a book that arrived. */
    enum Arrival {
        /** Not asked of that uploader (or given up on): dropped. */
        UNASKED,
        /** Failed its SHA-1 check: asked again, of anyone. */
        BAD,
        /** Failed its SHA-1 check, the uploader's {@link netd.player.PlayerTuning#MAX_BAD_BOOKS}th such: it is to be banned. */
        BAD_TOO_OFTEN,
        /** Good, but held or being written already: a second copy from the endgame. */
        COPY,
        /** Good and new: the caller writes it, and reports {@link #written} or {@link #writeFailed}. */
        NEW
    }

    private final BookPicker picker;
    private final int bookCount;
    private final InstantSource clock;
    private final RandomGenerator random;
    /** The open download links, in the order they opened. */
    private final Set<Uploader> uploaders = new LinkedHashSet<>();
    /** Books verified and queued for writing: a second copy of one is a duplicate. */
    private final BitSet beingWritten = new BitSet();
    /** How many {@link #beingWritten} holds: counted, since every fill asks and counting the set walks all of it. */
    private int unwritten;
    private final int maxUnwritten;

    /** @param maxUnwritten the most books being written before no more are asked for ({@link #maxUnwritten(int)}) */
    Downloading(BookPicker picker, int maxUnwritten, InstantSource clock, RandomGenerator random) {
        if (maxUnwritten < 1) {
            throw new IllegalArgumentException("at most " + maxUnwritten + " books being written");
        }
        this.picker = picker;
        this.maxUnwritten = maxUnwritten;
        this.bookCount = picker.bookCount();
        this.clock = clock;
        this.random = random;
    }

    /**
     * How many books of {@code bookSize} bytes may be being written at once: {@link netd.player.PlayerTuning#MAX_UNWRITTEN_BYTES}'
     * worth, 512 or more, since a book fits a frame.
     */
    static int maxUnwritten(int bookSize) {
        return MAX_UNWRITTEN_BYTES / bookSize;
    }

    /** A download link opened; what it says goes to {@code wire}. */
    Uploader opened(Uploader.Wire wire, int pipelineLimit) {
        Uploader uploader = new Uploader(wire, pipelineLimit);
        uploaders.add(uploader);
        return uploader;
    }

    /** The link closed: what it held no longer counts, and what was asked of it is asked of others. */
    void closed(Uploader uploader) {
        uploaders.remove(uploader);
        returnAll(uploader);
        picker.peerLostAll(uploader.has);
        fillAll();
    }

    void bitfield(Uploader uploader, Bitfield bitfield) {
        if (uploader.bitfieldSeen) {
            uploader.wire.close("sent a second bitfield");
            return;
        }
        BitSet books;
        try {
            books = bitfield.toBooks(bookCount);
        } catch (IllegalArgumentException e) {
            uploader.wire.close("bad bitfield: " + e.getMessage());
            return;
        }
        uploader.bitfieldSeen = true;
        // A have may have come before the bitfield: count each book once per uploader,
        // or its availability stays inflated after the uploader leaves.
        BitSet gained = (BitSet) books.clone();
        gained.andNot(uploader.has);
        uploader.has.or(books);
        picker.peerGainedAll(gained);
        updateInterest(uploader, true);
        fill(uploader);
    }

    void have(Uploader uploader, int index) {
        if (index < 0 || index >= bookCount) {
            uploader.wire.close("have for book " + index + ", beyond the " + bookCount + " books");
            return;
        }
        if (!uploader.has.get(index)) {
            uploader.has.set(index);
            picker.peerGained(index);
            if (!picker.isHeld(index)) {
                updateInterest(uploader, false);
            }
            fill(uploader);
        }
    }

    void unchoked(Uploader uploader) {
        uploader.unchokingUs = true;
        uploader.pace.unchoked(clock.millis());
        fill(uploader);
    }

    void choked(Uploader uploader) {
        if (uploader.unchokingUs) {
            uploader.chokedSince = clock.millis();
        }
        uploader.unchokingUs = false;
        // Requests pending at a choke are not answered (§4): ask someone else.
        returnAll(uploader);
        fillAll();
    }

    /** A book arrived from {@code uploader}; {@code verified} when it passed its SHA-1 check. */
    Arrival bookArrived(Uploader uploader, int index, boolean verified) {
        long now = clock.millis();
        Long sentAt = uploader.outstanding.remove(index);
        if (sentAt == null) {
            log.debug("{} sent book {}, which was not asked of it (or was given up on); dropped", uploader, index);
            // Typically a request this player sent before a choke reached it, and asked again
            // after the unchoke that followed: the uploader, unchoking again by the time the
            // first request came, serves both. What this player asked since waits behind such
            // copies, which it cannot see; in the endgame the uploaders with room may take it.
            uploader.unaskedAt = now;
            if (picker.isEndgame()) {
                fillAll();
            }
            return Arrival.UNASKED;
        }
        uploader.pace.answered(now, sentAt);
        uploader.snubbed = false;
        if (!verified) {
            picker.returned(index);
            uploader.badBooks.add(index);
            log.warn("book {} from {} failed its SHA-1 check ({} of {} allowed)", index, uploader,
                    uploader.badBooks.size(), MAX_BAD_BOOKS);
            fillAll();
            return uploader.badBooks.size() >= MAX_BAD_BOOKS ? Arrival.BAD_TOO_OFTEN : Arrival.BAD;
        }
        if (picker.isHeld(index) || beingWritten.get(index)) {
            // A second copy from the endgame: not anyone's fault, just not needed. Its request
            // is answered: the first copy's alone keeps the book requested while it is written,
            // or a failed write would leave it requested with nobody asked, and it would not be
            // picked again before the endgame.
            picker.returned(index);
            fill(uploader);
            return Arrival.COPY;
        }
        beingWritten.set(index);
        unwritten++;
        fill(uploader);
        return Arrival.NEW;
    }

    /** A new book is written: held for good, and uploaders that only had it are no longer interesting. */
    void written(int index) {
        doneWriting(index);
        picker.held(index);
        if (picker.isComplete()) {
            return;
        }
        if (unwritten == maxUnwritten - 1) {
            fillAll(); // the writes have caught up: ask again
        }
        for (Uploader uploader : uploaders) {
            if (uploader.weAreInterested && uploader.has.get(index)) {
                updateInterest(uploader, false);
            }
        }
    }

    /** Writing a new book failed: it is wanted again. */
    void writeFailed(int index) {
        doneWriting(index);
        picker.returned(index);
        fillAll();
    }

    private void doneWriting(int index) {
        beingWritten.clear(index);
        unwritten--;
    }

    /**
     * A request unanswered for longer than the uploader's pace allows goes back to the pool,
     * so another uploader may be asked; an uploader silent for a minute while asked is
     * snubbing, and is skipped until it sends a book again.
     */
    void expireRequests(long now) {
        for (Uploader uploader : uploaders) {
            expireRequests(uploader, now);
        }
    }

    private void expireRequests(Uploader uploader, long now) {
        if (uploader.outstanding.isEmpty()) {
            return;
        }
        if (uploader.unchokingUs && uploader.pace.snubbing(now, true)) {
            uploader.snubbed = true;
            log.info("{} sent nothing for {} s while asked: skipping it until it sends again", uploader,
                    PlayerTuning.SNUB_MILLIS / 1000);
            returnAll(uploader);
            return;
        }
        Iterator<Map.Entry<Integer, Long>> requests = uploader.outstanding.entrySet().iterator();
        while (requests.hasNext()) {
            Map.Entry<Integer, Long> request = requests.next();
            if (!uploader.pace.expired(request.getValue(), now)) {
                return;
            }
            requests.remove();
            picker.returned(request.getKey());
            log.debug("{}: request for book {} timed out after {} ms", uploader, request.getKey(), now - request.getValue());
        }
    }

    /** Sends interested or not interested when it changes (or always, right after the bitfield). */
    private void updateInterest(Uploader uploader, boolean announce) {
        boolean interested = picker.needsAnyOf(uploader.has);
        if (announce || interested != uploader.weAreInterested) {
            uploader.weAreInterested = interested;
            uploader.wire.send(interested ? new Interested() : new NotInterested());
        }
    }

    /**
     * Keeps the uploader's request pipeline full ({@link #depth}) with the rarest wanted books
     * it holds. It is refilled in batches (once half of it has come back), not one request per
     * book: each batch travels as one burst, so both players' threads wake once for many books.
     * Nothing is asked while {@link #maxUnwritten} books wait to be written.
     */
    private void fill(Uploader uploader) {
        if (!uploader.unchokingUs || !uploader.weAreInterested || uploader.snubbed || unwritten >= maxUnwritten) {
            return;
        }
        int limit = depth(uploader);
        if (uploader.outstanding.size() > limit / 2) {
            return;
        }
        // Ties between equally rare books go to a run from a random point (BookPicker.pick).
        int next = random.nextInt(bookCount);
        BitSet endgameCandidates = null;
        while (uploader.outstanding.size() < limit) {
            int index = picker.pick(uploader.has, next);
            next = index + 1;
            if (index < 0 && picker.isEndgame()) {
                if (endgameCandidates == null) {
                    endgameCandidates = endgameCandidates(uploader);
                }
                index = picker.pickEndgame(endgameCandidates, uploader.outstanding.keySet(), random);
            }
            if (index < 0) {
                return;
            }
            picker.requested(index);
            uploader.outstanding.put(index, clock.millis());
            uploader.wire.send(new Request(index));
        }
    }

    /**
     * The requests to keep in flight to {@code uploader}, never more than {@link netd.player.PlayerTuning#MAX_DEPTH}
     * nor than {@link #maxUnwritten} (2 at least); an original player's limit of 1 stays 1.
     * Until it has answered at a pace, the shared depth; after, the paced one (at least {@link
     * netd.player.PlayerTuning#MIN_PACED_DEPTH}, and at least the shared depth while fewer than
     * {@link netd.player.PlayerTuning#SHARES} uploaders serve this player).
     * <ul>
     * <li>Shared: its pipeline limit when {@link netd.player.PlayerTuning#SHARES} or more uploaders serve this player,
     * more when fewer do, so that the total stays about SHARES limits. A lone uploader's link
     * then never waits for the next batch of requests, and an uploader serving several
     * downloaders gives the most to the one that has no other source (the first leecher of a
     * swarm knows only the seeder until its next announce).</li>
     * <li>Paced: the books the uploader sends in {@link netd.player.PlayerTuning#BUSY_MILLIS} at the pace it has shown
     * (longer on a path whose round trip is long, {@link #paced}).
     * Across a network slower to answer than loopback, the shared depth alone held a player to
     * its requests per round trip: 48 books per 50 ms, 15 MiB/s from a lone seeder however
     * fast the link. A slow uploader's pace asks little of it, so that a scarce upload is not
     * spent on books that others will send first, and the books it would hold back are asked
     * of faster ones: with the shared depth as a floor, each slow uploader held 16 requests, and
     * in a simulated swarm of 100 with 20 % at 100 Mbit/s and 80 % at 10, the fast uplinks were
     * busy a fifth of the time (simulate.sh --uplinks 100:0.2,10:0.8: 2.71 x T*, 2.38 without
     * the floor; 1.48 -> 1.42 in the flash crowd of 100 at 32 Mbit/s).</li>
     * </ul>
     */
    int depth(Uploader uploader) {
        if (uploader.pipelineLimit <= 1) {
            return uploader.pipelineLimit;
        }
        int serving = 0;
        for (Uploader other : uploaders) {
            if (other.unchokingUs && other.weAreInterested && !other.snubbed) {
                serving++;
            }
        }
        int shared = Math.max(uploader.pipelineLimit, SHARES * uploader.pipelineLimit / Math.max(1, serving));
        // Large books (a netd library's, up to 16 MiB) are asked no deeper than the books that
        // may wait to be written, so that the bytes in flight to one uploader stay within the
        // same 32 MiB: 128 books of 16 MiB would be 2 GiB. It is faster too: 512 MiB in 1 MiB
        // books, 128 deep, cost the leecher 1.8-2.2 s of CPU (3.1-6 s); 32 deep, 1.2-1.3 s
        // (1.5-3.7 s), against 1.4-1.5 s (1.9-2.8 s) in 16 KiB books (bench-swarm.sh 512 1,
        // alternating, on 2 cores at a load of 10 to 20).
        int deepest = Math.min(MAX_DEPTH, Math.max(2, maxUnwritten));
        int paced = paced(uploader);
        if (paced == 0) {
            return Math.min(deepest, shared);
        }
        // Served by fewer than SHARES, an uploader is asked for the shared depth at least: its
        // pace may have been measured while others took most of its uplink, and asked for a few
        // books, refilled half at a time, it sends far below its link when those others are gone.
        int floor = serving < SHARES ? shared : MIN_PACED_DEPTH;
        return Math.min(deepest, Math.max(floor, paced));
    }

    /**
     * The books {@code uploader} sends at its pace so far in {@link netd.player.PlayerTuning#BUSY_MILLIS}, or in
     * {@link netd.player.PlayerTuning#ANSWERS_AHEAD} of its answer times when that is longer (a long path); 0
     * before it has a pace.
     */
    private static int paced(Uploader uploader) {
        double millisPerBook = uploader.pace.millisPerBook();
        return millisPerBook > 0 ? (int) Math.ceil(uploader.pace.coverMillis() / millisPerBook) : 0; // the cast stops at Integer.MAX_VALUE
    }

    /**
     * What the endgame may ask of {@code uploader} again: what it holds, but not a book already
     * verified and being written (a third copy of that would only waste its bandwidth), nor a
     * book whose request to some uploader is not late yet ({@link netd.player.pick.UploaderPace#late})
     * unless that uploader has since sent a book this player had not asked of it (the request
     * waits behind books it does not count, {@link Uploader#unaskedAt}).
     * There is no message to cancel a request, so every second copy asked is sent in full, on
     * uplinks that the swarm's last books need.
     */
    private BitSet endgameCandidates(Uploader uploader) {
        BitSet candidates = (BitSet) uploader.has.clone();
        candidates.andNot(beingWritten);
        long now = clock.millis();
        for (Uploader asked : uploaders) {
            for (Map.Entry<Integer, Long> request : asked.outstanding.entrySet()) {
                if (!asked.pace.late(request.getValue(), now) && asked.unaskedAt <= request.getValue()) {
                    candidates.clear(request.getKey());
                }
            }
        }
        return candidates;
    }

    void fillAll() {
        for (Uploader uploader : uploaders) {
            fill(uploader);
        }
    }

    /** Gives every request pending at {@code uploader} back to the pool. */
    private void returnAll(Uploader uploader) {
        for (int index : uploader.outstanding.keySet()) {
            picker.returned(index);
        }
        uploader.outstanding.clear();
    }
}
