package netd.hub;

import netd.common.id.InfoHash;
import netd.common.library.HostPort;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.Notify;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The hub's decisions over the registry: who is registered, refreshed or dropped, and what
 * each announce is answered. No threads and no sockets: the {@link HubLibrary} calls it from
 * one thread (the hub's, or with a shared store the store's), tests call it directly with a
 * clock of their own.
 */
public final class Registrar {
    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    private final HubRegistry registry;
    private final AnnounceTiming timing;
    private final int maxAnswerPlayers;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final TooSoonWarnings warnings = new TooSoonWarnings();

    public Registrar(HubRegistry registry, AnnounceTiming timing, int maxAnswerPlayers, InstantSource clock,
                     RandomGenerator random) {
        this.registry = registry;
        this.timing = timing;
        this.maxAnswerPlayers = maxAnswerPlayers;
        this.clock = clock;
        this.random = random;
    }

    /** One announce as the hub received it: the player's IP comes from its connection. */
    public record Announce(Notify message, String ip, long connection) {
    }

    /**
     * Registers, refreshes or removes the announcing player, and answers it; while a shared
     * store cannot be reached, the answer is a failure that says so.
     */
    public HubAnswer announce(Notify notify, String ip, long connection) {
        return announceAll(List.of(new Announce(notify, ip, connection))).get(0);
    }

    /** {@link #announce} for each, in order, with one call to the store for them all; the answers in the same order. */
    public List<HubAnswer> announceAll(List<Announce> announces) {
        Instant now = clock.instant();
        List<HubRegistry.Change> changes = new ArrayList<>(announces.size());
        for (Announce announce : announces) {
            changes.add(change(announce, now));
        }
        List<HubRegistry.Announced> done;
        try {
            done = registry.apply(changes, maxAnswerPlayers, random);
        } catch (StoreUnavailableException e) {
            return Collections.nCopies(announces.size(), failure(e.getMessage()));
        }
        List<HubAnswer> answers = new ArrayList<>(announces.size());
        for (int i = 0; i < announces.size(); i++) {
            answers.add(answer(announces.get(i), changes.get(i), done.get(i), now));
        }
        return answers;
    }

    private HubRegistry.Change change(Announce announce, Instant now) {
        Notify notify = announce.message();
        PlayerKey key = new PlayerKey(notify.infoHash(), notify.playerId());
        if (notify.event() == Event.STOPPED) {
            return HubRegistry.Change.unregister(key);
        }
        boolean complete = notify.event() == Event.COMPLETED || notify.left() == 0;
        return HubRegistry.Change.register(new Registration(key, announce.ip(), notify.port(), complete, now, announce.connection()));
    }

    /** Logs what an announce did and answers it. */
    private HubAnswer answer(Announce announce, HubRegistry.Change change, HubRegistry.Announced done, Instant now) {
        dropAll(done);
        PlayerKey key = change.key();
        Registration previous = done.previous();
        Registration current = change.current();
        if (current == null) {
            if (previous != null) {
                drop(previous, "stopped", done.counts());
            }
            return answer(done, null);
        }
        if (previous == null) {
            log.info("player {} joined stuff {} from {} ({} in the swarm)", key.playerId(), key.infoHash(), current.address(),
                    done.counts().total());
        } else if (!previous.isAt(current.ip(), current.port())) {
            log.info("player {} of stuff {} moved from {} to {}", key.playerId(), key.infoHash(), previous.address(),
                    current.address());
        } else if (log.isDebugEnabled()) {
            log.debug("player {} of stuff {} refreshed ({}, left {})", key.playerId(), key.infoHash(),
                    announce.message().event().wire(), announce.message().left());
        }
        Duration minInterval = minInterval(done.counts());
        return answer(done, previous == null ? null : warning(previous.lastSeen(), now, minInterval));
    }

    /** The warning for an announce at {@code now} after one at {@code previous}, or null when it came in time. */
    private String warning(Instant previous, Instant now, Duration minInterval) {
        return AnnounceTiming.tooSoon(previous, now, minInterval) ? warnings.text(Duration.between(previous, now), minInterval) : null;
    }

    private Duration minInterval(HubRegistry.SwarmCounts counts) {
        return timing.minIntervalFor(counts.total(), maxAnswerPlayers);
    }

    /** Drops the players that have been silent too long. */
    public void expire() {
        try {
            for (Registration silent : registry.removeSeenBefore(timing.expiryCutoff(clock.instant()))) {
                drop(silent, silence());
            }
        } catch (StoreUnavailableException e) {
            log.debug("expiry skipped: {}", e.getMessage());
        }
    }

    /** Drops the players registered on a connection that closed, unless they announced elsewhere since. */
    public void connectionClosed(long connection) {
        try {
            for (Registration registration : registry.removeConnection(connection)) {
                drop(registration, "its connection closed");
            }
        } catch (StoreUnavailableException e) {
            log.debug("the players of closed connection {} stay until they expire: {}", connection, e.getMessage());
        }
    }

    /** Whether a player is registered at {@code address}: only those are worth a reachability check. */
    public boolean isRegistered(HostPort address) {
        try {
            return !registry.at(address.host(), address.port()).isEmpty();
        } catch (StoreUnavailableException e) {
            return false;
        }
    }

    /**
     * Drops the players at an address found unreachable by a check that started at
     * {@code checkStarted}; one that announced since then (to any hub) is alive and stays.
     */
    public void unreachable(HostPort address, Instant checkStarted) {
        try {
            for (Registration registration : registry.at(address.host(), address.port())) {
                Registration removed = registry.removeIfSeenBefore(registration.key(), checkStarted);
                if (removed != null) {
                    drop(removed, "reported unreachable, and it is");
                }
            }
        } catch (StoreUnavailableException e) {
            log.debug("{} stays until it expires: {}", address, e.getMessage());
        }
    }

    /** An answer that refuses, saying why. */
    public HubAnswer failure(String reason) {
        return new HubAnswer(Answer.failure(reason, timing.interval().toSeconds(), timing.minInterval().toSeconds()), Listing.EMPTY);
    }

    /** Every swarm and its counts: for the web pages. */
    public Map<InfoHash, HubRegistry.SwarmCounts> swarms() {
        return registry.swarms();
    }

    /** Up to {@code max} players of one swarm: for the web pages. */
    public List<Registration> players(InfoHash infoHash, int max) {
        return registry.players(infoHash, max);
    }

    public Instant now() {
        return clock.instant();
    }

    private HubAnswer answer(HubRegistry.Announced found, String warning) {
        return new HubAnswer(new Answer(warning, timing.interval().toSeconds(), minInterval(found.counts()).toSeconds(),
                found.counts().complete(), found.counts().incomplete(), List.of()), found.candidates());
    }

    /** Logs the players a shared store dropped for their silence while it served an announce. */
    private void dropAll(HubRegistry.Announced found) {
        for (Registration silent : found.expired()) {
            drop(silent, silence(), found.counts());
        }
    }

    private String silence() {
        return "silent for more than " + timing.silenceLimit().toSeconds() + " s";
    }

    private void drop(Registration registration, String why) {
        drop(registration, why, registry.counts(registration.key().infoHash()));
    }

    private void drop(Registration registration, String why, HubRegistry.SwarmCounts after) {
        PlayerKey key = registration.key();
        log.info("player {} left stuff {} ({}; {} in the swarm)", key.playerId(), key.infoHash(), why, after.total());
    }
}
