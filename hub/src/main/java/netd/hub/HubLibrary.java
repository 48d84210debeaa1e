package netd.hub;

import netd.common.bencode.BencodeWriter;
import netd.common.id.InfoHash;
import netd.common.library.HostPort;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.InvalidAddress;
import netd.common.wire.HubMessage.Notify;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The owner of the registry. It runs on the hub's one thread, the {@link HubServer}'s, which
 * hands it each message as it is read and sends its answer at once: an announce costs no
 * hand-off between threads. It applies them through the {@link Registrar} and drops silent
 * players every half second. Nothing else touches the registry, so nothing in it is locked.
 *
 * <p>Other threads (reachability checks, the web pages' questions, and a store whose calls
 * complete later) {@link #post} work, which the hub's thread runs between reads.
 *
 * <p>Every call to the store goes through {@link StoreCalls}: at once on this thread for the
 * in-memory store, on a thread of the store's own for a shared one, so that a round trip to
 * Redis never stops the hub from reading, refusing and answering. With a shared store one
 * batch of announces is out at a time; what is read meanwhile waits for the next batch (a
 * bigger batch, the same one round trip). Once {@link #FULL} announces wait, the hub's thread
 * reads nothing more until the batch out is back ({@link #awaitRoom}): the players' notifies
 * wait in their sockets, and the hub spends no CPU on answers the store could not give.
 * An announce beyond {@link #MAX_WAITING} (one round of reads brought that many) is answered
 * at once with a failure. A store that falls behind makes announces wait, never pile up.
 */
public final class HubLibrary {
    private static final Logger log = LoggerFactory.getLogger(HubLibrary.class);
    private static final Duration EXPIRY_ROUND = Duration.ofMillis(500);
    /** Reachability checks under way at most, so reports cannot make the hub open connections without bound. */
    private static final int MAX_CHECKS = 256;
    /** Addresses checked per report at most; an honest player reports a handful. */
    private static final int MAX_ADDRESSES_PER_REPORT = 50;
    /**
     * Announces waiting for the store from which the hub's thread stops reading until the
     * batch out is back: at Redis's ten thousand or so scripts a second, a fifth of a second
     * of work. Failing them at once instead cost the hub more CPU than answering them (bench
     * figures in docs/hub-performance.md).
     */
    static final int FULL = 2048;
    /**
     * Announces sent to the store in one batch at most: at a tenth of a millisecond of Redis's
     * time each, well within its socket timeout even when Redis gets a small share of a core.
     */
    static final int MAX_BATCH = 512;
    /** Announces waiting for the store at most; more are answered with a failure at once. */
    static final int MAX_WAITING = 4 * FULL;
    /** How long the hub's thread waits for the store at a time while {@link #FULL}: it checks for other work between. */
    private static final long ROOM_WAIT_MILLIS = 100;
    static final String STORE_BUSY = "the hub's store is busy; announce again later";

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final BlockingQueue<Runnable> posted = new LinkedBlockingQueue<>();
    private final Registrar registrar;
    private final StoreCalls store;
    /** Announces per call to the store: unbounded in memory, where a call costs no round trip. */
    private final int maxBatch;
    private final AddressProbe probe;
    private final HubMetrics metrics;
    /** Touched by the hub's thread only. */
    private final Set<HostPort> checking = new HashSet<>();
    private final SwarmActivity activity = new SwarmActivity();
    /** The announces read in this round of the hub's thread, and their connections: at most a few per connection. */
    private final List<HubPlayer> waiting = new ArrayList<>();
    private final List<Registrar.Announce> waitingAnnounces = new ArrayList<>();
    /** Every answer is written into this one buffer: sent at once, almost always, so answers allocate no frame. */
    private final BencodeWriter answerWriter = HubCodec.answerWriter();
    private Instant nextExpiry;
    /** Whether a batch of announces is with the store; touched by the hub's thread only. */
    private boolean batchOut;
    /** Whether an expiry round is with the store. */
    private boolean expiring;
    /** Wakes the hub's thread when work is posted; set once, before the thread starts. */
    private volatile Runnable wakeup = () -> { };

    /**
     * {@code sharedStore}: the registrar's store is a shared one, whose calls take a round trip
     * and so run on a thread of their own.
     */
    public HubLibrary(Registrar registrar, AddressProbe probe, HubMetrics metrics, boolean sharedStore) {
        this.registrar = registrar;
        this.store = sharedStore ? new StoreThread(this::post) : StoreCalls.onHubThread();
        this.maxBatch = sharedStore ? MAX_BATCH : Integer.MAX_VALUE;
        this.probe = probe;
        this.metrics = metrics;
        this.nextExpiry = registrar.now().plus(EXPIRY_ROUND);
    }

    /** How posted work gets the hub's thread's attention; called by the server before its thread starts. */
    void attach(Runnable wakeup) {
        this.wakeup = wakeup;
    }

    /**
     * Takes an announce to answer at the end of this round of the hub's thread (see
     * {@link #answerAnnounces}).
     */
    void announce(HubPlayer from, Notify notify) {
        metrics.announced(notify.event());
        activity.announced(notify.infoHash(), from.readAt() / NANOS_PER_SECOND);
        if (batchOut && waiting.size() >= MAX_WAITING) {
            from.send(registrar.failure(STORE_BUSY).frame(answerWriter));
            metrics.failed();
            return;
        }
        waiting.add(from);
        waitingAnnounces.add(new Registrar.Announce(notify, from.ip(), from.id()));
    }

    /**
     * Registers, refreshes or removes the players that announced since the last batch (with a
     * shared store, up to {@link #MAX_BATCH}), and answers them, with one call to the store: a
     * shared store serves them all in one round trip. While a batch is with the store, the
     * next waits. A connection closed after its announce was read may already be cleaned up:
     * registering its player now would leave it behind; but 'stopped' is still obeyed, since
     * a player sends it just before closing.
     */
    void answerAnnounces() {
        if (waiting.isEmpty() || batchOut) {
            return;
        }
        int batch = Math.min(waiting.size(), maxBatch);
        List<HubPlayer> from = new ArrayList<>(batch);
        List<Registrar.Announce> announces = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            Registrar.Announce announce = waitingAnnounces.get(i);
            if (waiting.get(i).isOpen() || announce.message().event() == Event.STOPPED) {
                from.add(waiting.get(i));
                announces.add(announce);
            }
        }
        waiting.subList(0, batch).clear();
        waitingAnnounces.subList(0, batch).clear();
        batchOut = true;
        store.call(() -> registrar.announceAll(announces)).whenComplete((answers, bug) -> {
            batchOut = false;
            if (bug != null) {
                log.error("internal error answering announces", bug);
            }
            // The next batch first: the store works on it while this thread writes these answers.
            answerAnnounces();
            send(from, bug == null ? answers : Collections.nCopies(announces.size(), registrar.failure("internal error of the hub")));
        });
    }

    private void send(List<HubPlayer> to, List<HubAnswer> answers) {
        for (int i = 0; i < answers.size(); i++) {
            HubAnswer answer = answers.get(i);
            to.get(i).send(answer.frame(answerWriter));
            if (answer.head().failureReason() != null) {
                metrics.failed();
            } else {
                metrics.answered(System.nanoTime() - to.get(i).readAt());
            }
        }
    }

    /** Answers a notify that could not be decoded with a failure that says why. */
    void refuse(HubPlayer from, String reason) {
        from.send(registrar.failure(reason).frame(answerWriter));
        metrics.failed();
    }

    void connectionOpened() {
        metrics.connectionOpened();
    }

    void reportUnreachable(InvalidAddress report) {
        startChecks(report);
    }

    void connectionClosed(long connection) {
        metrics.connectionClosed();
        onStore(() -> registrar.connectionClosed(connection));
    }

    /** Every swarm: its counts and its announces of the last minute. */
    public CompletableFuture<List<SwarmSummary>> swarms() {
        return ask(registrar::swarms, swarms -> {
            long second = System.nanoTime() / NANOS_PER_SECOND;
            List<SwarmSummary> all = new ArrayList<>();
            swarms.forEach((infoHash, counts) -> all.add(new SwarmSummary(infoHash, counts.complete(),
                    counts.incomplete(), activity.lastMinute(infoHash, second))));
            return all;
        });
    }

    /** Up to {@code max} players of one swarm. */
    public CompletableFuture<List<Registration>> players(InfoHash infoHash, int max) {
        return ask(() -> registrar.players(infoHash, max), Function.identity());
    }

    /** How big the registry is and what was counted, for /metrics. */
    public CompletableFuture<HubMetrics.HubFigures> figures() {
        return ask(registrar::swarms, swarms -> {
            long complete = 0;
            long incomplete = 0;
            for (HubRegistry.SwarmCounts counts : swarms.values()) {
                complete += counts.complete();
                incomplete += counts.incomplete();
            }
            return new HubMetrics.HubFigures(swarms.size(), complete, incomplete, metrics.counts());
        });
    }

    /**
     * Runs {@code task} on the hub's thread, soon; callable from any thread. A task must not
     * block: every connection waits while it runs.
     */
    public void post(Runnable task) {
        posted.add(task);
        wakeup.run();
    }

    /**
     * What {@code question} to the store answers, made up by {@code then} on the hub's thread
     * (where what the hub counts may be read); callable from any thread.
     */
    private <S, T> CompletableFuture<T> ask(Supplier<S> question, Function<S, T> then) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        post(() -> store.call(question).thenApply(then).whenComplete((value, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                answer.complete(value);
            }
        }));
        return answer;
    }

    /** Runs {@code change} on the store's side; on the hub's thread. A bug met there is logged. */
    private CompletableFuture<Void> onStore(Runnable change) {
        return store.call(() -> {
            change.run();
            return (Void) null;
        }).whenComplete((done, bug) -> {
            if (bug != null) {
                log.error("internal error of the hub's store", bug);
            }
        });
    }

    /** Lets the store's calls already given run, then stops making more; after the server stopped. */
    public void close() throws InterruptedException {
        store.close();
    }

    /** Runs the posted work; on the hub's thread. */
    void runPosted() {
        for (Runnable task; (task = posted.poll()) != null; ) {
            run(task);
        }
    }

    /**
     * While {@link #FULL} announces wait for the store, runs posted work as it comes and
     * returns once the batch out is back, or after {@code maxMillis}; on the hub's thread,
     * before it reads again.
     */
    void awaitRoom(long maxMillis) throws InterruptedException {
        if (!batchOut || waiting.size() < FULL) {
            return; // the in-memory store never waits here
        }
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        while (batchOut && waiting.size() >= FULL && System.nanoTime() < deadline) {
            Runnable task = posted.poll(ROOM_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            if (task != null) {
                run(task);
                runPosted();
            }
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // A bug met in one task must not stop the hub for everyone.
            log.error("internal error in a task of the hub", e);
        }
    }

    /** Drops the silent players when their round is due; returns the milliseconds until the next round. */
    long expireWhenDue() {
        Instant now = registrar.now();
        if (!now.isBefore(nextExpiry)) {
            if (!expiring) {
                expiring = true;
                onStore(registrar::expire).whenComplete((done, bug) -> expiring = false);
            }
            activity.forgetSilent(System.nanoTime() / NANOS_PER_SECOND);
            nextExpiry = now.plus(EXPIRY_ROUND);
        }
        return Math.max(1, Duration.between(now, nextExpiry).toMillis());
    }

    /** Checks, off this thread, each reported address where a player is registered and no check is under way. */
    private void startChecks(InvalidAddress report) {
        for (HostPort address : new LinkedHashSet<>(report.players()).stream().limit(MAX_ADDRESSES_PER_REPORT).toList()) {
            if (checking.size() >= MAX_CHECKS || checking.contains(address)) {
                continue;
            }
            checking.add(address);
            store.call(() -> registrar.isRegistered(address)).whenComplete((registered, bug) -> {
                if (bug != null) {
                    log.error("internal error looking up " + address, bug);
                }
                if (Boolean.TRUE.equals(registered)) {
                    check(address);
                } else {
                    checking.remove(address);
                }
            });
        }
    }

    /** Connects to {@code address} off this thread, and drops its players if nobody answers. */
    private void check(HostPort address) {
        Instant started = registrar.now();
        Thread.ofVirtual().name("hub-check " + address).start(() -> {
            boolean reachable = probe.reachable(address);
            post(() -> checkDone(address, started, reachable));
        });
    }

    private void checkDone(HostPort address, Instant started, boolean reachable) {
        if (reachable) {
            checking.remove(address);
            log.debug("{} was reported unreachable but accepts connections: kept", address);
        } else {
            onStore(() -> registrar.unreachable(address, started)).whenComplete((done, bug) -> checking.remove(address));
        }
    }
}
