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
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The hub's decisions over the registry: who is registered, refreshed or dropped, and what
 * each announce is answered. No threads and no sockets: the {@link HubLibrary} calls it from
 * its one thread, tests call it directly with a clock of their own.
 */
public final class Registrar {
    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    private final HubRegistry registry;
    private final AnnounceTiming timing;
    private final int maxAnswerPlayers;
    private final InstantSource clock;
    private final RandomGenerator random;

    public Registrar(HubRegistry registry, AnnounceTiming timing, int maxAnswerPlayers, InstantSource clock,
                     RandomGenerator random) {
        this.registry = registry;
        this.timing = timing;
        this.maxAnswerPlayers = maxAnswerPlayers;
        this.clock = clock;
        this.random = random;
    }

    /** Registers, refreshes or removes the announcing player, and answers it. */
    public HubAnswer announce(Notify notify, String ip, long connection) {
        Instant now = clock.instant();
        PlayerKey key = new PlayerKey(notify.infoHash(), notify.playerId());
        Registration previous = registry.find(key);
        if (notify.event() == Event.STOPPED) {
            if (previous != null) {
                drop(registry.remove(key), "stopped");
            }
            return answer(key, null);
        }
        boolean complete = notify.event() == Event.COMPLETED || notify.left() == 0;
        Registration current = new Registration(key, ip, notify.port(), complete, now, connection);
        registry.put(current);
        if (previous == null) {
            log.info("player {} joined stuff {} from {} ({} in the swarm)", key.playerId(), key.infoHash(),
                    current.address(), swarmSize(key));
        } else if (!previous.isAt(ip, notify.port())) {
            log.info("player {} of stuff {} moved from {} to {}", key.playerId(), key.infoHash(), previous.address(),
                    current.address());
        } else if (log.isDebugEnabled()) {
            log.debug("player {} of stuff {} refreshed ({}, left {})", key.playerId(), key.infoHash(),
                    notify.event().wire(), notify.left());
        }
        return answer(key, previous == null ? null : warning(previous.lastSeen(), now));
    }

    /** The warning for an announce at {@code now} after one at {@code previous}, or null when it came in time. */
    private String warning(Instant previous, Instant now) {
        if (!timing.tooSoon(previous, now)) {
            return null;
        }
        return "announced " + Duration.between(previous, now).toMillis() + " ms after the previous announce; the min interval is "
                + timing.minInterval().toSeconds() + " s";
    }

    /** Drops the players that have been silent too long. */
    public void expire() {
        for (Registration silent : registry.removeSeenBefore(timing.expiryCutoff(clock.instant()))) {
            drop(silent, "silent for more than " + timing.silenceLimit().toSeconds() + " s");
        }
    }

    /** Drops the players registered on a connection that closed. */
    public void connectionClosed(long connection) {
        for (Registration registration : registry.ofConnection(connection)) {
            drop(registry.remove(registration.key()), "its connection closed");
        }
    }

    /** Whether a player is registered at {@code address}: only those are worth a reachability check. */
    public boolean isRegistered(HostPort address) {
        return !registry.at(address.host(), address.port()).isEmpty();
    }

    /**
     * Drops the players at an address found unreachable by a check that started at
     * {@code checkStarted}; one that announced since then is alive and stays.
     */
    public void unreachable(HostPort address, Instant checkStarted) {
        for (Registration registration : registry.at(address.host(), address.port())) {
            if (registration.lastSeen().isBefore(checkStarted)) {
                drop(registry.remove(registration.key()), "reported unreachable, and it is");
            }
        }
    }

    /** An answer that refuses, saying why. */
    public HubAnswer failure(String reason) {
        return new HubAnswer(Answer.failure(reason, timing.interval().toSeconds(), timing.minInterval().toSeconds()), List.of());
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

    private HubAnswer answer(PlayerKey asker, String warning) {
        HubRegistry.SwarmCounts counts = registry.counts(asker.infoHash());
        List<Registration> candidates = registry.randomPlayers(asker.infoHash(), maxAnswerPlayers + 1, random);
        List<Registration> others = AnswerSelection.others(candidates, asker.playerId(), maxAnswerPlayers);
        return new HubAnswer(new Answer(warning, timing.interval().toSeconds(), timing.minInterval().toSeconds(),
                counts.complete(), counts.incomplete(), List.of()), others);
    }

    private void drop(Registration registration, String why) {
        PlayerKey key = registration.key();
        log.info("player {} left stuff {} ({}; {} in the swarm)", key.playerId(), key.infoHash(), why, swarmSize(key));
    }

    private long swarmSize(PlayerKey key) {
        HubRegistry.SwarmCounts counts = registry.counts(key.infoHash());
        return counts.complete() + counts.incomplete();
    }
}
