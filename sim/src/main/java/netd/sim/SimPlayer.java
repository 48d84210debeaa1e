package netd.sim;

import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.PlayerEntry;
import netd.common.wire.PeerMessage.BookData;
import netd.player.PlayerSettings;
import netd.player.Progress;
import netd.player.book.BookStore;
import netd.player.choke.ChokingRounds;
import netd.player.hub.AnnounceSchedule;
import netd.player.hub.MorePlayers;
import netd.player.peer.LinkMaker;
import netd.player.peer.ManagerEvent;
import netd.player.peer.ManagerInbox;
import netd.player.peer.Peer;
import netd.player.peer.PlayerConnectionManager;
import netd.player.peer.SimulatedLinks;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One player: the player's real {@link PlayerConnectionManager}, stepped on the virtual clock
 * with the events its simulated links, book store and hub bring, and counted for the
 * property checks (what it holds, sends, and how many links and unchoked downloaders it has).
 */
final class SimPlayer implements LinkMaker, BookStore, PlayerConnectionManager.Listener {
    /** The manager's loop wakes at least this often (its tick is a second). */
    private static final long TICK_MICROS = 1_000_000;

    final Simulation sim;
    final int number;
    final PlayerId id;
    final String address;
    final int port;
    final double uplinkMbit;
    final boolean seeder;
    final boolean serves;
    final SharedPipe uplink;
    final SharedPipe downlink;
    final ManagerInbox inbox = new ManagerInbox(1 << 20);
    private final PlayerConnectionManager manager;
    private final PlayerSettings settings;
    private final BitSet held = new BitSet();
    /** Books delivered to this player whose SHA-1 matched (or, with hashing off, that came from a holder). */
    private final BitSet verifiedArrivals = new BitSet();
    private final List<ManagerEvent> pending = new ArrayList<>();
    /** The connections on which this player uploads, open at its end (for {@link IdleSplit}). */
    final List<Connection> uploads = new ArrayList<>();
    /** The connections on which this player downloads, open at its end. */
    final List<Connection> downloads = new ArrayList<>();
    private boolean stepScheduled;
    private int slotsTaken;
    private int openEnds;
    int unchokedNow;
    boolean present;
    /** When its program was started; {@link #arrivedAtMicros} is when it is in the swarm, its start-up later. */
    long launchedAtMicros;
    long arrivedAtMicros = -1;
    long doneAtMicros = -1;
    long leftAtMicros = -1;
    long bytesUp;
    long bytesDown;
    /** When to announce: the player's own rules (HubCommunication's). */
    private AnnounceSchedule announces;
    /** Whether an answer leaves it wanting more players: the player's own rule (HubCommunication's). */
    private MorePlayers morePlayers;
    /** The event the next announce tells: STARTED first, COMPLETED once complete, else a plain one. */
    private Event nextEvent = Event.STARTED;

    SimPlayer(Simulation sim, int number, SplittableRandom random, double uplinkMbit, double downlinkMbit, boolean seeder,
              boolean serves, SimConfig config) {
        this.sim = sim;
        this.number = number;
        this.id = PlayerId.generate(random);
        this.address = "10.77." + (number / 250) + "." + (number % 250 + 1);
        this.port = 10_000 + number;
        this.uplinkMbit = uplinkMbit;
        this.seeder = seeder;
        this.serves = serves;
        this.uplink = new SharedPipe(sim.clock, uplinkMbit, Math.round(config.hosts().shaperQueueMillis() * 1000));
        this.downlink = new SharedPipe(sim.clock, downlinkMbit);
        Library library = sim.library;
        if (seeder) {
            held.set(0, library.bookCount());
        }
        this.settings = new PlayerSettings(id, library, Path.of("sim", Integer.toString(number)), Path.of("sim", "stuff"),
                false, null, port, 0, false, config.maxUploads(), config.maxDownloads(), config.maxConnections(),
                config.pipeline(), 0, Duration.ofSeconds(10), null, null, false);
        this.manager = new PlayerConnectionManager(settings, this, this, inbox, new Progress(library.length(),
                library.bookCount()), sim.clock, random.split(), this);
    }

    Library library() {
        return sim.library;
    }

    boolean complete() {
        return held.cardinality() == sim.library.bookCount();
    }

    java.util.BitSet heldSet() {
        return (java.util.BitSet) held.clone();
    }

    /** What it holds, not a copy: for reading only. */
    BitSet heldView() {
        return held;
    }

    int heldBooks() {
        return held.cardinality();
    }

    // ---- life ----

    void arrive() {
        present = true;
        arrivedAtMicros = sim.clock.nowMicros();
        SimulatedLinks.begin(manager);
        announces = new AnnounceSchedule(SimHub.INTERVAL.toMillis(), SimHub.MIN_INTERVAL.toMillis(), sim.clock.millis());
        morePlayers = new MorePlayers(settings.maxDownloads());
        tickLoop();
    }

    private void tickLoop() {
        if (!present) {
            return;
        }
        wake();
        announceIfDue();
        sim.clock.after(TICK_MICROS, this::tickLoop);
    }

    /** Leaves the swarm: the manager stops (closing every link) and the hub is told. */
    void leave() {
        if (!present) {
            return;
        }
        SimulatedLinks.step(manager, List.of(new ManagerEvent.Stop()));
        present = false;
        leftAtMicros = sim.clock.nowMicros();
        sim.hub.announce(this, Event.STOPPED);
        drainInbox();
        pending.clear();
    }

    /** Announces when the schedule says; checked every tick and as soon as something asks for it. */
    private void announceIfDue() {
        if (present && announces.due(sim.clock.millis())) {
            announces.sent(sim.clock.millis());
            sim.hub.announce(this, nextEvent);
            nextEvent = Event.START;
        }
    }

    /** The hub's answer arrived: the next announce after its interval, or its min interval while players are wanted. */
    void hubAnswered(Answer answer) {
        long now = sim.clock.millis();
        // The hub's intervals are in seconds; the schedule counts millis.
        announces.answered(now, answer.interval() * 1000, answer.minInterval() * 1000,
                morePlayers.afterAnswer(complete(), answer.players().size(), answer.complete() + answer.incomplete()));
        sim.clock.after((announces.wakeAt() - now) * 1000, this::announceIfDue);
        deliver(new ManagerEvent.HubPlayers(answer.players()));
    }

    private void announceSoon() {
        announces.soon();
        sim.clock.after(0, this::announceIfDue);
    }

    // ---- the manager's loop ----

    void deliver(ManagerEvent event) {
        if (!present) {
            if (event instanceof ManagerEvent.BookArrived arrived) {
                arrived.book().release();
            }
            return;
        }
        pending.add(event);
        wake();
    }

    private void wake() {
        if (!stepScheduled) {
            stepScheduled = true;
            sim.clock.after(0, this::step);
        }
    }

    private void step() {
        stepScheduled = false;
        if (!present) {
            return;
        }
        List<ManagerEvent> batch = new ArrayList<>(pending);
        pending.clear();
        drainInto(batch);
        do {
            SimulatedLinks.step(manager, batch);
            batch.clear();
            batch.addAll(pending);
            pending.clear();
            drainInto(batch);
        } while (!batch.isEmpty() && present);
        // Counted once the turn is over: a choking round unchokes the new before it chokes the old.
        // --max-uploads earn their slot, and one more is the optimistic unchoke (ChokingRounds);
        // a seeding player hands out more, in turns.
        sim.checks.uploadSlots(this, unchokedNow,
                complete() ? ChokingRounds.mostSeedingSlots(settings.maxUploads()) : settings.maxUploads() + 1);
    }

    private void drainInto(List<ManagerEvent> batch) {
        try {
            inbox.takeAll(0, batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void drainInbox() {
        drainInto(new ArrayList<>());
    }

    // ---- links ----

    void opened(Peer peer) {
        openEnds++;
        sim.checks.connections(this, openEnds, settings.maxConnections());
        deliver(new ManagerEvent.Opened(peer));
    }

    void endClosed(Peer peer, String reason) {
        openEnds--;
        SimulatedLinks.closed(peer, reason);
        wake();
    }

    void unchoking(int change) {
        unchokedNow += change;
    }

    /** A dial whose answer came back after the uploader had already closed its end: it failed. */
    void dialFailed(PlayerEntry player) {
        slotsTaken--;
        deliver(new ManagerEvent.ConnectFailed(player, "Connection reset"));
    }

    @Override
    public boolean connect(PlayerEntry player, InetSocketAddress to) {
        if (slotsTaken >= settings.maxConnections()) {
            return false;
        }
        slotsTaken++;
        SimPlayer target = sim.playerAt(to);
        long latency = sim.latencyMicros;
        sim.clock.after(latency, () -> {
            if (target != null && target.present && target.serves && target.slotsTaken < target.settings.maxConnections()) {
                target.slotsTaken++;
                Connection connection = new Connection(this, target, latency);
                connection.acceptedBy();
                sim.clock.after(latency, () -> connection.openedAtDownloader(player));
            } else {
                if (target != null && target.present && target.serves) {
                    target.deliver(new ManagerEvent.RoomWanted());
                }
                sim.clock.after(latency, () -> {
                    if (present) {
                        slotsTaken--;
                        deliver(new ManagerEvent.ConnectFailed(player, "Connection refused"));
                    }
                });
            }
        });
        return true;
    }

    @Override
    public int freeSlots() {
        return settings.maxConnections() - slotsTaken;
    }

    @Override
    public void released() {
        slotsTaken--;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void close() {
    }

    // ---- books ----

    void bookArrived(Peer peer, BookData book) {
        bytesDown += book.length();
        sim.delivered(book.length());
        boolean verified = sim.verify(book);
        if (verified) {
            verifiedArrivals.set(book.index());
        }
        deliver(new ManagerEvent.BookArrived(peer, book, verified));
    }

    /** Called as this player queues book {@code index} to send: it must hold it. */
    void sending(int index) {
        sim.checks.sends(this, index, held.get(index));
        if (seeder) {
            sim.seederSending(index);
        }
    }

    @Override
    public BitSet initiallyHeld() {
        return (BitSet) held.clone();
    }

    @Override
    public ByteBuffer view(int index) {
        return sim.bookView(index);
    }

    @Override
    public void write(BookData book) {
        int index = book.index();
        sim.checks.keeps(this, index, verifiedArrivals.get(index));
        book.release();
        if (!held.get(index)) {
            held.set(index);
            sim.written(index, book.length());
        }
        deliver(new ManagerEvent.Written(new int[] {index}));
        sim.progressed(this);
    }

    // ---- what the manager tells the player ----

    @Override
    public void completed() {
        if (doneAtMicros < 0) {
            doneAtMicros = sim.clock.nowMicros();
            nextEvent = Event.COMPLETED;
            announceSoon();
            sim.completed(this);
        }
    }

    @Override
    public void noLongerNeeded() {
        sim.noLongerNeeded(this);
    }

    @Override
    public void failed(String reason) {
        throw new IllegalStateException("player " + number + " failed: " + reason);
    }

    @Override
    public void unreachable(HostPort player) {
    }

    @Override
    public void playersWanted() {
        announceSoon();
    }
}
