package netd.hub;

import netd.common.library.HostPort;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.InvalidAddress;
import netd.common.wire.HubMessage.Notify;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The owner of the registry: an actor. Connections hand it what they hear through its queue;
 * its one thread applies each in turn through the {@link Registrar}, answers, and drops silent
 * players every half second. Nothing else touches the registry, so nothing in it is locked.
 *
 * <p>The queue is unbounded, but each connection has at most a few tasks in it at a time
 * (see {@link HubPlayer}), so its length is bounded by the number of connections.
 */
public final class HubLibrary {
    private static final Logger log = LoggerFactory.getLogger(HubLibrary.class);
    private static final Duration EXPIRY_ROUND = Duration.ofMillis(500);
    /** Reachability checks under way at most, so reports cannot make the hub open connections without bound. */
    private static final int MAX_CHECKS = 256;
    /** Addresses checked per report at most; an honest player reports a handful. */
    private static final int MAX_ADDRESSES_PER_REPORT = 50;
    /** Tasks taken from the queue at once at most, so expiry still runs on time under load. */
    private static final int BATCH = 256;

    private sealed interface Task {
    }

    private record Announce(HubPlayer from, Notify announce) implements Task {
    }

    private record Report(HubPlayer from, InvalidAddress report) implements Task {
    }

    private record ConnectionClosed(long connection) implements Task {
    }

    private record CheckDone(HostPort address, Instant started, boolean reachable) implements Task {
    }

    private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    private final Registrar registrar;
    private final AddressProbe probe;
    /** Touched by the library's thread only. */
    private final Set<HostPort> checking = new HashSet<>();
    private final Thread thread;

    public HubLibrary(Registrar registrar, AddressProbe probe) {
        this.registrar = registrar;
        this.probe = probe;
        this.thread = Thread.ofPlatform().name("hub-library").unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Stops the thread; what is still queued is dropped. */
    public void stop() throws InterruptedException {
        thread.interrupt();
        thread.join(Duration.ofSeconds(5));
    }

    void announce(HubPlayer from, Notify notify) {
        tasks.add(new Announce(from, notify));
    }

    void reportUnreachable(HubPlayer from, InvalidAddress report) {
        tasks.add(new Report(from, report));
    }

    void connectionClosed(long connection) {
        tasks.add(new ConnectionClosed(connection));
    }

    private void run() {
        Instant nextExpiry = registrar.now().plus(EXPIRY_ROUND);
        List<Task> batch = new ArrayList<>(BATCH);
        try {
            while (true) {
                Task first = tasks.poll(EXPIRY_ROUND.toMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    handleSafely(first);
                    // Under load, take what waits in one go: one lock instead of one per task.
                    tasks.drainTo(batch, BATCH);
                    batch.forEach(this::handleSafely);
                    batch.clear();
                }
                if (!registrar.now().isBefore(nextExpiry)) {
                    registrar.expire();
                    nextExpiry = registrar.now().plus(EXPIRY_ROUND);
                }
            }
        } catch (InterruptedException e) {
            log.debug("the hub library stops");
        }
    }

    /** A bug met while handling one task must not stop the hub for everyone. */
    private void handleSafely(Task task) {
        try {
            handle(task);
        } catch (RuntimeException e) {
            log.error("internal error handling {}", task, e);
        }
    }

    private void handle(Task task) {
        switch (task) {
            case Announce(HubPlayer from, Notify announce) -> {
                try {
                    // A connection closed before its announce got here may already be cleaned
                    // up: registering the player now would leave it behind. But 'stopped' is
                    // still obeyed: a player sends it just before closing, so its connection's
                    // close often overtakes it, and dropping it would keep a gone player listed.
                    if (from.isOpen() || announce.event() == Event.STOPPED) {
                        from.send(registrar.announce(announce, from.ip(), from.id()));
                    }
                } finally {
                    from.handled();
                }
            }
            case Report(HubPlayer from, InvalidAddress report) -> {
                try {
                    startChecks(report);
                } finally {
                    from.handled();
                }
            }
            case ConnectionClosed(long connection) -> registrar.connectionClosed(connection);
            case CheckDone(HostPort address, Instant started, boolean reachable) -> {
                checking.remove(address);
                if (reachable) {
                    log.debug("{} was reported unreachable but accepts connections: kept", address);
                } else {
                    registrar.unreachable(address, started);
                }
            }
        }
    }

    /** Checks, off this thread, each reported address where a player is registered and no check is under way. */
    private void startChecks(InvalidAddress report) {
        for (HostPort address : new LinkedHashSet<>(report.players()).stream().limit(MAX_ADDRESSES_PER_REPORT).toList()) {
            if (checking.size() >= MAX_CHECKS || checking.contains(address) || !registrar.isRegistered(address)) {
                continue;
            }
            checking.add(address);
            Instant started = registrar.now();
            Thread.ofVirtual().name("hub-check " + address)
                    .start(() -> tasks.add(new CheckDone(address, started, probe.reachable(address))));
        }
    }
}
