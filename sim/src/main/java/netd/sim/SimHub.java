package netd.sim;

import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.Notify;
import netd.hub.AnnounceTiming;
import netd.hub.InMemoryRegistry;
import netd.hub.Registrar;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The hub: the real {@link Registrar} over the in-memory registry, with the hub's default
 * rules (announce every 15 s, no sooner than 5 s, at most 50 players an answer). An announce
 * reaches it a latency after it is sent; its answer reaches the player a latency later.
 */
final class SimHub {
    static final Duration INTERVAL = Duration.ofSeconds(15);
    static final Duration MIN_INTERVAL = Duration.ofSeconds(5);
    static final int MAX_ANSWER_PLAYERS = 50;

    private final Simulation sim;
    private final Registrar registrar;

    SimHub(Simulation sim, SplittableRandom random) {
        this.sim = sim;
        this.registrar = new Registrar(new InMemoryRegistry(), AnnounceTiming.of(INTERVAL, MIN_INTERVAL), MAX_ANSWER_PLAYERS,
                sim.clock, random);
        expireLoop();
    }

    void announce(SimPlayer player, Event event) {
        long left = player.seeder ? 0 : (long) (player.library().bookCount() - player.heldBooks()) * player.library().bookSize();
        Notify notify = new Notify(player.library().infoHash(), player.id, player.port, player.bytesDown, player.bytesUp,
                Math.max(0, left), event);
        sim.clock.after(sim.latencyMicros, () -> {
            Answer answer = registrar.announce(notify, player.address, player.number + 1L).answer();
            if (event == Event.STOPPED) {
                return;
            }
            sim.clock.after(sim.latencyMicros, () -> {
                if (player.present) {
                    player.hubAnswered(answer);
                }
            });
        });
    }

    /** Forgets silent players as the hub does, once an interval. */
    private void expireLoop() {
        sim.clock.after(INTERVAL.toMillis() * 1000, () -> {
            registrar.expire();
            if (!sim.finished()) {
                expireLoop();
            }
        });
    }
}
