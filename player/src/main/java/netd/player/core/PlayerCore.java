package netd.player.core;

import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.wire.HubMessage.PlayerEntry;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.Bitfield;
import netd.common.wire.PeerMessage.BookData;
import netd.common.wire.PeerMessage.Choke;
import netd.common.wire.PeerMessage.Have;
import netd.common.wire.PeerMessage.NotInterested;
import netd.common.wire.PeerMessage.Unchoke;
import netd.player.PlayerSettings;
import netd.player.PlayerTuning;
import netd.player.Progress;
import netd.player.choke.ChokingRounds;
import netd.player.pick.BookPicker;
import netd.player.upload.ServeQueue;
import netd.player.upload.TokenBucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Every decision of this player about its peers, without threads, sockets or a clock of its
 * own: it is handed one {@link CoreEvent} at a time with the time, and answers with the
 * {@link CoreAction}s to carry out, in order, before the next. The real
 * {@link netd.player.peer.PlayerConnectionManager} runs it on its thread over real links; the fuzz targets and
 * the simulator run the very same core. It routes each event to the concern it belongs to:
 * {@link Dialing} and {@link Bans} (whom to dial, when again, whom to refuse), {@link Downloading}
 * (what to ask of uploaders), {@link Uploading} (what to answer downloaders), {@link Unchoking}
 * (whom to unchoke), {@link IdleLinks} (which link gives up its slot) and {@link WriteFailures}.
 *
 * @param <L> how the caller names a link; the core only keys on it
 */
public final class PlayerCore<L> {
    private static final Logger log = LoggerFactory.getLogger(PlayerCore.class);

    private final Library library;
    private final int pipelineDepth;
    private final int ourPort;
    private final Progress progress;
    private final RandomGenerator random;
    private final PassedTime time = new PassedTime();
    private final Outbox<L> outbox;
    private final BookPicker picker;
    private final Downloading downloading;
    private final Uploading uploading;
    private final Unchoking<L> unchoking;
    private final long chokeRoundMillis;
    /** In the order they opened, so the same events give the same choices run after run (the simulator's seeds). */
    private final Map<L, Remote<L>> remotes = new LinkedHashMap<>();
    private final Map<PlayerId, Remote<L>> downloads = new HashMap<>();
    /** Every player met in this run (for the summary). */
    private final Set<PlayerId> met = new HashSet<>();
    private final Bans bans = new Bans();
    private final Dialing dialing;
    private final PeerRotation<Remote<L>> rotation;
    private final WriteFailures writeFailures = new WriteFailures(PlayerTuning.MAX_WRITE_FAILURES);
    private long nextRoundAt;
    private long nextTick;
    private boolean completeAnnounced;
    private final Lingering lingering = new Lingering();

    /**
     * @param held    the books held and verified at start
     * @param ourPort the port this player listens on, to know itself in the hub's list
     * @param now     the time (millis) the core is made at
     */
    public PlayerCore(PlayerSettings settings, BitSet held, int ourPort, Progress progress, RandomGenerator random,
                      LinkGauge<L> gauge, long now) {
        this(settings, held, ourPort, progress, random, gauge, now, Downloading.maxUnwritten(settings.library().bookSize()));
    }

    /** @param maxUnwritten books verified and waiting to be written at most (a fuzz target's few, to reach the bound) */
    PlayerCore(PlayerSettings settings, BitSet held, int ourPort, Progress progress, RandomGenerator random,
               LinkGauge<L> gauge, long now, int maxUnwritten) {
        this.library = settings.library();
        this.pipelineDepth = settings.pipelineDepth();
        this.ourPort = ourPort;
        this.progress = progress;
        this.random = random;
        this.outbox = new Outbox<>(gauge);
        time.now = now;
        this.picker = new BookPicker(library.bookCount(), held);
        this.downloading = new Downloading(picker, maxUnwritten, time, random);
        this.dialing = new Dialing(settings.playerId(), settings.maxDownloads(), bans, random);
        this.uploading = new Uploading(library, settings.playerId(), picker, settings.maxUploads(),
                settings.maxUploadRate() > 0 ? new TokenBucket(settings.maxUploadRate(), now) : null,
                bans::isBanned, dialing::refused, random);
        this.unchoking = new Unchoking<>(new ChokingRounds<>(settings.maxUploads(), settings.chokeInterval(), time), uploading,
                dialing::refused);
        this.chokeRoundMillis = settings.chokeInterval().toMillis();
        this.rotation = new PeerRotation<>(PlayerTuning.ROTATION_MILLIS, PlayerTuning.CHOKED_AGAIN_MILLIS,
                PlayerTuning.NEVER_UNCHOKED_MILLIS, now);
    }

    /** The whole contract: what to do about {@code event}, which happened at {@code now} (millis). */
    public List<CoreAction<L>> handle(CoreEvent<L> event, long now) {
        time.now = now;
        outbox.begin();
        switch (event) {
            case CoreEvent.Started<L> started -> started();
            case CoreEvent.Opened<L> opened -> opened(opened);
            case CoreEvent.DialFailed<L> failed -> dialFailed(failed.player(), failed.reason());
            case CoreEvent.DialRefused<L> refused -> {
                dialing.dialRefused(refused.player().playerId());
                closeIdlest();
            }
            case CoreEvent.Received<L> received -> {
                Remote<L> remote = live(received.link());
                if (remote != null) {
                    received(remote, received.message());
                }
            }
            case CoreEvent.BookArrived<L> arrived -> {
                Remote<L> remote = live(arrived.link());
                if (remote != null && consumeArrival(remote, arrived.book(), arrived.verified())) {
                    outbox.add(new CoreAction.Write<>(arrived.book()));
                } else {
                    outbox.add(new CoreAction.Discard<>(arrived.book()));
                }
            }
            case CoreEvent.Closed<L> closed -> closed(closed.link(), closed.reason());
            case CoreEvent.Written<L> written -> {
                for (int index : written.indices()) {
                    bookWritten(index);
                }
            }
            case CoreEvent.WriteFailed<L> failed -> bookWriteFailed(failed.index(), failed.problem());
            case CoreEvent.HubListed<L> hub -> hubListed(hub.players());
            case CoreEvent.RoomWanted<L> room -> closeIdlest();
            case CoreEvent.TimePassed<L> passed -> timePassed();
            case CoreEvent.Stop<L> stop -> closeAll();
        }
        return outbox.actions();
    }

    /**
     * How long (millis) from {@code now} until the core has something to do with no event: a
     * tick, or a request to serve. Asked once the last turn's actions are carried out.
     */
    public long millisUntilDue(long now) {
        outbox.carriedOut();
        return Math.min(nextTick - now, uploading.millisUntilNextServe(now));
    }

    /** What the core sees now, for the web page. */
    public ManagerView view() {
        return ManagerView.of(picker, remotes.values());
    }

    /** The books held and verified, and those being downloaded (for checks from outside). */
    BookPicker picker() {
        return picker;
    }

    /** What the core knows of {@code link}; null once it is closed (for checks from outside). */
    Remote<L> remote(L link) {
        return remotes.get(link);
    }

    private void started() {
        completeAnnounced = picker.isComplete();
        nextRoundAt = time.now + chokeRoundMillis;
        nextTick = time.now + PlayerTuning.TICK_MILLIS;
    }

    /**
     * The link's state while what it sent still counts: not once its link is closed (banned,
     * dropped), though the rest of the batch its reader passed on may still be waiting to be handled.
     */
    private Remote<L> live(L link) {
        Remote<L> remote = remotes.get(link);
        return remote != null && outbox.isOpen(remote) ? remote : null;
    }

    // ---- connections ----

    private void opened(CoreEvent.Opened<L> opened) {
        Remote<L> remote = new Remote<>(opened.link(), opened.role(), opened.address(), opened.playerId(), opened.openedAt(),
                outbox);
        remotes.put(opened.link(), remote);
        progress.peers(remotes.size());
        if (remote.role == Role.DOWNLOAD) {
            dialing.opened(remote.playerId);
            downloads.put(remote.playerId, remote);
            remote.spaceMessagesIfOriginal();
            remote.uploader = downloading.opened(remote, remote.pipelineLimit(pipelineDepth));
            meet(remote.playerId);
            log.info("connected to {} to download", remote);
        } else {
            remote.downloader = uploading.opened(remote, remote.openedAt);
            log.debug("connection from {}", remote.address);
        }
    }

    private void meet(PlayerId id) {
        if (met.add(id)) {
            progress.metPeer();
        }
    }

    private void dialFailed(PlayerEntry player, String reason) {
        long delay = dialing.dialFailed(player.playerId(), time.now);
        log.info("could not connect to {} at {}:{}: {}; next try in {} s", player.playerId(), player.ip(), player.port(),
                reason, delay / 1000);
        outbox.add(new CoreAction.Unreachable<>(new HostPort(player.ip(), (int) player.port())));
        for (Remote<L> remote : remotes.values()) {
            if (remote.role == Role.UPLOAD && player.playerId().equals(remote.playerId) && remote.downloader.handshakeDone) {
                unchoking.refusedOurDial(remote);
            }
        }
        // Try the next listed player now, not at the next tick: a hub listing hundreds of dead
        // players would otherwise hold this one to 8 attempts a second before it finds a live one.
        connectMore();
    }

    /** Every slot is taken: close the link that has been quiet longest, if one has been quiet a while. */
    private void closeIdlest() {
        Remote<L> idlest = IdleLinks.idlest(remotes.values(), time.now, PlayerTuning.IDLE_MILLIS);
        if (idlest != null) {
            idlest.close("idle for " + (time.now - idlest.lastActivity) / 1000 + " s; its slot is wanted");
        }
    }

    /** Closes the download links that have stalled ({@link StallWatch}), so that they are dialled afresh. */
    private void closeStalled(long now) {
        for (Remote<L> remote : List.copyOf(downloads.values())) {
            long patience = StallWatch.patience(remote.uploader.pace.timeoutMillis());
            if (remote.stall.stalled(!remote.uploader.outstanding.isEmpty(), remote.lastActivity, now, patience)) {
                String reason = "stalled: asked, and nothing received for " + (now - remote.lastActivity) / 1000 + " s";
                remote.close(reason);
                // Closed at once, so that nothing more is asked of it; its Closed event then finds it gone.
                closed(remote.link, reason);
            }
        }
    }

    /**
     * Gives up the slowest download link, and those that brought nothing, for listed players
     * not tried yet, once a period ({@link PeerRotation}).
     */
    private void rotatePeers(long now) {
        // Every tick, but the links (whether each is a book's only source: a pass over the books
        // it holds) and the candidates are looked at only once a period.
        if (picker.isComplete() || !rotation.isDue(now)) {
            return;
        }
        List<PeerRotation.Link<Remote<L>>> links = new ArrayList<>();
        for (Remote<L> remote : remotes.values()) {
            if (remote.role == Role.DOWNLOAD) {
                // A choked link is no source until its uploader unchokes: it may be given up.
                boolean keep = remote.uploader.unchokingUs && onlySource(remote.uploader);
                long chokedSince = remote.uploader.unchokingUs ? PeerRotation.UNCHOKING : remote.uploader.chokedSince;
                links.add(new PeerRotation.Link<>(remote, remote.bytesReceived, remote.openedAt, chokedSince, keep));
            }
        }
        for (Remote<L> givenUp : rotation.due(links, dialing.downloadsFull(), dialing.candidateCount(now), now)) {
            String reason = "among the uploaders that gave least lately; trying another";
            givenUp.close(reason);
            closed(givenUp.link, reason);
            dialing.rotatedOut(givenUp.playerId, now);
        }
    }

    /** Whether {@code uploader} holds a book this player wants that no other of its uploaders holds. */
    private boolean onlySource(Uploader uploader) {
        for (int book = uploader.has.nextSetBit(0); book >= 0; book = uploader.has.nextSetBit(book + 1)) {
            if (picker.availability(book) == 1 && !picker.isHeld(book)) {
                return true;
            }
        }
        return false;
    }

    private void closed(L link, String reason) {
        Remote<L> remote = remotes.remove(link);
        if (remote == null) {
            return;
        }
        progress.peers(remotes.size());
        outbox.add(new CoreAction.FreeSlot<>());
        if (remote.role == Role.DOWNLOAD) {
            downloads.remove(remote.playerId, remote);
            downloading.closed(remote.uploader);
            dialing.closed(remote.playerId, picker.isComplete(), time.now);
            log.info("disconnected from {} (downloading): {}", remote, reason);
        } else {
            unchoking.closed(remote);
            uploading.closed(remote.downloader, reason);
            if (remote.downloader.handshakeDone) {
                dialing.downloaderClosed(remote.playerId);
            }
        }
    }

    private void closeAll() {
        outbox.add(new CoreAction.StopListening<>());
        for (Remote<L> remote : remotes.values()) {
            remote.close("this player is stopping");
        }
    }

    /** Closes {@code remote} and refuses it from now on, by id and by address. */
    private void ban(Remote<L> remote, String reason) {
        bans.ban(remote.playerId, remote.address);
        log.warn("banned {}: {}", remote, reason);
        remote.close("banned: " + reason);
    }

    private void hubListed(List<PlayerEntry> players) {
        dialing.hubListed(PlayerAddresses.usableOn(library, players), ourPort);
        connectMore();
    }

    /** Dials listed players until {@code maxDownloads} download links are open or being opened. */
    private void connectMore() {
        if (picker.isComplete()) {
            return;
        }
        for (PlayerEntry entry : dialing.candidates(time.now)) {
            if (!dialing.roomToDial(entry.playerId())) {
                return;
            }
            if (!outbox.slotFree()) {
                closeIdlest();
                return;
            }
            outbox.add(new CoreAction.Connect<>(entry, PlayerAddresses.usable(entry)));
            dialing.dialled(entry.playerId());
        }
    }

    // ---- messages ----

    private void received(Remote<L> remote, PeerMessage message) {
        remote.lastActivity = time.now;
        if (remote.role == Role.DOWNLOAD) {
            receivedFromUploader(remote, message);
        } else {
            receivedFromDownloader(remote, message);
        }
    }

    private void receivedFromUploader(Remote<L> remote, PeerMessage message) {
        switch (message) {
            case Bitfield bitfield -> downloading.bitfield(remote.uploader, bitfield);
            case Have have -> downloading.have(remote.uploader, have.index());
            case Unchoke unchoke -> downloading.unchoked(remote.uploader);
            case Choke choke -> downloading.choked(remote.uploader);
            default -> log.debug("{} sent {} on a download connection; ignored", remote, message);
        }
    }

    private void receivedFromDownloader(Remote<L> remote, PeerMessage message) {
        if (uploading.received(remote.downloader, message)) {
            meet(remote.playerId);
            dialing.downloaderOpened(remote.playerId);
            if (!picker.isComplete() && !dialing.knows(remote.playerId)) {
                // It joined after the hub's last answer, and may soon have books this player lacks.
                outbox.add(new CoreAction.PlayersWanted<>());
            }
        }
    }

    // ---- downloading ----

    /** Counts what {@code arrived} says of its uploader, and whether it is a new, verified book to write. */
    private boolean consumeArrival(Remote<L> remote, BookData arrived, boolean verified) {
        if (remote.role != Role.DOWNLOAD) {
            remote.close("sent a book on a connection where it downloads");
            return false;
        }
        remote.lastActivity = time.now;
        Downloading.Arrival arrival = downloading.bookArrived(remote.uploader, arrived.index(), verified);
        if (arrival == Downloading.Arrival.UNASKED) {
            progress.needless(arrived.length());
            return false;
        }
        remote.bytesReceived += arrived.length();
        switch (arrival) {
            case BAD -> progress.badBook();
            case BAD_TOO_OFTEN -> {
                progress.badBook();
                ban(remote, "sent " + remote.uploader.badBooks.size() + " books that failed their SHA-1 check (books "
                        + remote.uploader.badBooks + ")");
            }
            case COPY -> {
                dialing.delivered(remote.playerId, time.now);
                progress.needless(arrived.length());
            }
            case NEW -> {
                dialing.delivered(remote.playerId, time.now);
                progress.downloaded(arrived.length());
                return true;
            }
            case UNASKED -> throw new IllegalStateException("returned above");
        }
        return false;
    }

    private void bookWritten(int index) {
        downloading.written(index);
        progress.held(1, library.bookLength(index));
        uploading.written(index);
        if (picker.isComplete()) {
            completed();
        }
    }

    /** Said once: the download links close, having told their uploaders. */
    private void completed() {
        if (completeAnnounced) {
            return;
        }
        completeAnnounced = true;
        lingering.completed(time.now);
        for (Remote<L> remote : downloads.values()) {
            remote.send(new NotInterested());
            remote.close("download complete");
        }
        outbox.add(new CoreAction.Completed<>());
    }

    private void bookWriteFailed(int index, Exception problem) {
        log.error("writing book {} failed: {}", index, problem.getMessage());
        if (writeFailures.failed()) {
            outbox.add(new CoreAction.Failed<>("the stuff file refuses writes: " + problem.getMessage()));
        }
        downloading.writeFailed(index);
    }

    // ---- uploading ----

    /** Sends the books whose turn it is, as fast as --max-upload-rate lets them go. */
    private void serveWaiting() {
        ServeQueue.Serve<Downloader> next;
        while ((next = uploading.nextServe(time.now)) != null) {
            // The core's downloaders all speak through their Remote.
            @SuppressWarnings("unchecked")
            Remote<L> remote = (Remote<L>) next.downloader().wire;
            int length = library.bookLength(next.index());
            if (outbox.sendBook(remote, next.index(), length)) {
                remote.bytesSent += length;
                progress.uploaded(length);
            }
        }
    }

    /** Serves what waits and, once a second, expires, chokes, dials and asks. */
    private void timePassed() {
        serveWaiting();
        if (lingering.noLongerNeeded(time.now, uploading::wanted)) {
            outbox.add(new CoreAction.NoLongerNeeded<>());
        }
        if (time.now >= nextTick) {
            tick();
            nextTick = time.now + PlayerTuning.TICK_MILLIS;
        }
    }

    private void tick() {
        long now = time.now;
        uploading.expireHandshakes(now);
        uploading.offerSated();
        closeStalled(now);
        downloading.expireRequests(now);
        if (now >= nextRoundAt) {
            unchoking.round(remotes.values(), downloads, picker.isComplete(), random);
            nextRoundAt = now + chokeRoundMillis;
        }
        rotatePeers(now);
        connectMore();
        downloading.fillAll();
    }
}
