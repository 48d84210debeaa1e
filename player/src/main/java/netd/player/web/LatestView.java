package netd.player.web;


import netd.player.core.ManagerView;
import java.time.InstantSource;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static netd.player.PlayerTuning.MAX_AGE_MILLIS;
import static netd.player.PlayerTuning.PATIENCE_MILLIS;

/**
 * The manager's latest view and each peer's speeds, asked of the manager at most once a
 * second however many pages are open, so that watching costs the player's hot path one small
 * event a second. A manager too busy to answer within {@link netd.player.PlayerTuning#PATIENCE_MILLIS} leaves the
 * page with the view before.
 */
final class LatestView {

    /** A view and its peers' speeds (bytes per second received and sent, in the view's order). */
    record Seen(ManagerView view, List<long[]> peerSpeeds) {
    }

    private final Supplier<CompletableFuture<ManagerView>> manager;
    private final InstantSource clock;
    private final PeerSpeeds speeds = new PeerSpeeds();
    private Seen latest = new Seen(new ManagerView(new BitSet(), new BitSet(), List.of()), List.of());
    /** When {@link #latest} was asked for; null before the first time. */
    private Long takenAt;

    LatestView(Supplier<CompletableFuture<ManagerView>> manager, InstantSource clock) {
        this.manager = manager;
        this.clock = clock;
    }

    synchronized Seen get() throws InterruptedException {
        long now = clock.millis();
        if (takenAt != null && now - takenAt < MAX_AGE_MILLIS) {
            return latest;
        }
        try {
            ManagerView view = manager.get().get(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            long at = clock.millis();
            latest = new Seen(view, speeds.update(view.peers(), at));
            takenAt = at;
        } catch (TimeoutException | ExecutionException e) {
            // The manager is busy or stopping: the view before stands.
            takenAt = now;
        }
        return latest;
    }
}
