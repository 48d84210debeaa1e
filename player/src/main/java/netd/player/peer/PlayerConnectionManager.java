package netd.player.peer;

import netd.common.library.HostPort;
import netd.common.wire.HubMessage.PlayerEntry;
import netd.player.PlayerSettings;
import netd.player.PlayerTuning;
import netd.player.Progress;
import netd.player.book.BookListener;
import netd.player.book.BookStore;
import netd.player.core.CoreAction;
import netd.player.core.CoreEvent;
import netd.player.core.LinkGauge;
import netd.player.core.ManagerView;
import netd.player.core.PlayerCore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * Owns this player's peers: the thread that consumes its own {@link ManagerInbox}, hands each
 * event to the {@link PlayerCore} with the time, and carries out what the core answers on the
 * links ({@link Peer}), the {@link LinkMaker}, the book file and the {@link Listener}. Every
 * decision is the core's; this class only moves events in and actions out.
 */
public final class PlayerConnectionManager implements BookListener {
    private static final Logger log = LoggerFactory.getLogger(PlayerConnectionManager.class);

    /** What the manager tells the rest of the player. */
    public interface Listener {
        /** Every book is held and verified. */
        void completed();

        /**
         * After {@link #completed}: no downloader wants a book of this player any more, or it
         * has gone on uploading long enough ({@link netd.player.PlayerTuning#LINGER_MILLIS}).
         */
        void noLongerNeeded();

        /** The player cannot go on (the disk refuses writes). */
        void failed(String reason);

        /** A player the hub listed cannot be reached (for the hub's {@code player invalid address}). */
        void unreachable(HostPort player);

        /** A player the hub has not listed connected to download: ask the hub for its list again. */
        void playersWanted();
    }

    private final BookStore book;
    private final LinkMaker connections;
    private final ManagerInbox inbox;
    private final InstantSource clock;
    private final Listener listener;
    private final PlayerCore<Peer> core;
    private final Thread thread;

    public PlayerConnectionManager(PlayerSettings settings, BookStore book, LinkMaker connections, ManagerInbox inbox,
                                   Progress progress, InstantSource clock, RandomGenerator random, Listener listener) {
        this.book = book;
        this.connections = connections;
        this.inbox = inbox;
        this.clock = clock;
        this.listener = listener;
        this.core = new PlayerCore<>(settings, book.initiallyHeld(), connections.port(), progress, random,
                new PeerGauge(connections), clock.millis());
        this.thread = Thread.ofPlatform().name("connection-manager").unstarted(this::run);
    }

    public void start() {
        begin();
        thread.start();
    }

    /** What {@link #start} does before the thread runs: a test or the simulator that drives the manager itself calls it. */
    void begin() {
        carryOut(core.handle(new CoreEvent.Started<>(), clock.millis()));
    }

    /** The hub's latest list of players. */
    public void hubPlayers(List<PlayerEntry> players) {
        inbox.postAlways(new ManagerEvent.HubPlayers(players));
    }

    /**
     * What the manager sees now: the books held and being downloaded, and every peer. Taken
     * on the manager's thread between two events, so it is consistent and touches no state
     * from another thread; the answer is ready once the events queued before are handled.
     */
    public CompletableFuture<ManagerView> view() {
        CompletableFuture<ManagerView> answer = new CompletableFuture<>();
        inbox.postAlways(new ManagerEvent.ViewWanted(answer));
        return answer;
    }

    /** Closes every link and ends the manager's thread. */
    public void stop() throws InterruptedException {
        inbox.postAlways(new ManagerEvent.Stop());
        thread.join();
    }

    @Override
    public void written(int[] indices) {
        inbox.postAlways(new ManagerEvent.Written(indices));
    }

    @Override
    public void writeFailed(int index, Exception problem) {
        inbox.postAlways(new ManagerEvent.WriteFailed(index, problem));
    }

    private void run() {
        try {
            List<ManagerEvent> events = new ArrayList<>();
            while (true) {
                events.clear();
                long now = clock.millis();
                inbox.takeAll(Math.max(0, core.millisUntilDue(now)) * 1_000_000L, events);
                if (!step(events)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopCore();
        } catch (RuntimeException e) {
            log.error("the connection manager failed", e);
            try {
                stopCore();
            } catch (RuntimeException again) {
                connections.close();
            }
            listener.failed("internal error: " + e);
        }
    }

    /**
     * One turn of the manager's loop: hands the core {@code events} in order, then the time
     * (it serves what waits and ticks when a tick is due). False once a Stop was handled: every
     * link is closed.
     */
    boolean step(List<ManagerEvent> events) {
        for (ManagerEvent event : events) {
            CoreEvent<Peer> coreEvent = switch (event) {
                case ManagerEvent.Opened opened -> {
                    Peer peer = opened.peer();
                    yield new CoreEvent.Opened<>(peer, peer.role(), peer.address(), peer.playerId(), peer.openedAt());
                }
                case ManagerEvent.ConnectFailed failed -> new CoreEvent.DialFailed<>(failed.player(), failed.reason());
                case ManagerEvent.Message message -> new CoreEvent.Received<>(message.peer(), message.message());
                case ManagerEvent.BookArrived arrived -> new CoreEvent.BookArrived<>(arrived.peer(), arrived.book(),
                        arrived.verified());
                case ManagerEvent.Closed closed -> new CoreEvent.Closed<>(closed.peer(), closed.reason());
                case ManagerEvent.Written written -> new CoreEvent.Written<>(written.indices());
                case ManagerEvent.WriteFailed failed -> new CoreEvent.WriteFailed<>(failed.index(), failed.problem());
                case ManagerEvent.HubPlayers hub -> new CoreEvent.HubListed<>(hub.players());
                case ManagerEvent.RoomWanted room -> new CoreEvent.RoomWanted<>();
                case ManagerEvent.ViewWanted wanted -> {
                    wanted.answer().complete(core.view());
                    yield null;
                }
                case ManagerEvent.Stop stop -> {
                    stopCore();
                    yield null;
                }
            };
            if (event instanceof ManagerEvent.Stop) {
                return false;
            }
            if (coreEvent != null) {
                carryOut(core.handle(coreEvent, clock.millis()));
            }
        }
        carryOut(core.handle(new CoreEvent.TimePassed<>(), clock.millis()));
        return true;
    }

    private void stopCore() {
        carryOut(core.handle(new CoreEvent.Stop<>(), clock.millis()));
    }

    /** Does what the core said, in order; a dial that finds no slot after all goes back to the core. */
    private void carryOut(List<CoreAction<Peer>> actions) {
        List<PlayerEntry> refused = null;
        for (CoreAction<Peer> action : actions) {
            switch (action) {
                case CoreAction.Send<Peer>(Peer peer, var message) -> peer.send(message);
                case CoreAction.SendBook<Peer>(Peer peer, int index) -> peer.sendBook(index, book.view(index));
                case CoreAction.Close<Peer>(Peer peer, String reason) -> peer.close(reason);
                case CoreAction.SpaceMessages<Peer>(Peer peer, var gap) -> peer.spaceMessages(gap);
                case CoreAction.FreeSlot<Peer> free -> connections.released();
                case CoreAction.Connect<Peer>(var player, var address) -> {
                    if (!connections.connect(player, address)) {
                        (refused == null ? refused = new ArrayList<>() : refused).add(player);
                    }
                }
                case CoreAction.Write<Peer>(var arrived) -> book.write(arrived);
                case CoreAction.Discard<Peer>(var arrived) -> arrived.release();
                case CoreAction.Completed<Peer> completed -> listener.completed();
                case CoreAction.NoLongerNeeded<Peer> unneeded -> listener.noLongerNeeded();
                case CoreAction.Failed<Peer>(String reason) -> listener.failed(reason);
                case CoreAction.Unreachable<Peer>(HostPort player) -> listener.unreachable(player);
                case CoreAction.PlayersWanted<Peer> wanted -> listener.playersWanted();
                case CoreAction.StopListening<Peer> stop -> connections.close();
            }
        }
        if (refused != null) {
            for (PlayerEntry player : refused) {
                carryOut(core.handle(new CoreEvent.DialRefused<>(player), clock.millis()));
            }
        }
    }

    /** What the core may ask of the manager's links: their {@link Peer}s' and the slots' state. */
    private record PeerGauge(LinkMaker connections) implements LinkGauge<Peer> {
        @Override
        public boolean isOpen(Peer peer) {
            return peer.isOpen();
        }

        @Override
        public int queued(Peer peer) {
            return peer.queued();
        }

        @Override
        public long unwrittenBookBytes(Peer peer) {
            return peer.unwrittenBookBytes();
        }

        @Override
        public int freeSlots() {
            return connections.freeSlots();
        }
    }
}
