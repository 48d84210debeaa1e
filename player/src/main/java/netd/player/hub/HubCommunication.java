package netd.player.hub;

import netd.common.ProtocolException;
import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.link.Backoff;
import netd.common.link.Link;
import netd.common.link.LinkOwner;
import netd.common.link.LinkSettings;
import netd.common.link.LinkWatch;
import netd.common.link.SocketThreads;
import netd.common.wire.Frame;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.InvalidAddress;
import netd.common.wire.HubMessage.Notify;
import netd.common.wire.HubMessage.PlayerEntry;
import netd.player.PlayerTuning;
import netd.player.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import static netd.player.PlayerTuning.DEFAULT_INTERVAL;
import static netd.player.PlayerTuning.MAX_INTERVAL;
import static netd.player.PlayerTuning.MAX_REPORTED;
import static netd.player.PlayerTuning.MIN_INTERVAL_FLOOR;
import static netd.player.PlayerTuning.RETRY;

/**
 * Talks to the hub, on its own thread fed by its own queue: announces at start and every
 * {@code interval} (event {@code start}, which keeps an original hub registering us), sooner
 * while the player lacks players ({@link AnnounceSchedule}), {@code completed} once,
 * {@code stopped} at the end. When the hub is down or restarts, or an announce goes
 * unanswered, it connects again with exponential backoff and jitter; the player keeps serving
 * the players it knows.
 */
public final class HubCommunication implements LinkOwner<HubMessage> {
    private static final Logger log = LoggerFactory.getLogger(HubCommunication.class);

    private static final LinkSettings LINK_SETTINGS = new LinkSettings(Frame.MAX_LENGTH, 16,
            Duration.ofSeconds(60), Duration.ofMinutes(10), 8 * 1024, true);

    private sealed interface Input {
    }

    private record Answered(Link<HubMessage> link, Answer answer) implements Input {
    }

    private record Lost(Link<HubMessage> link, String reason) implements Input {
    }

    /** The hub answered with something this player cannot read. */
    private record Unreadable(Link<HubMessage> link) implements Input {
    }

    private record AnnounceNow(Event event) implements Input {
    }

    private record Unreachable(HostPort player) implements Input {
    }

    private record PlayersWanted() implements Input {
    }

    private record Stop() implements Input {
    }

    private final HostPort hub;
    private final Library library;
    private final PlayerId playerId;
    private final int port;
    private final Progress progress;
    /** Players listed by the hub below which this player, while incomplete, asks again at the min interval. */
    private final MorePlayers morePlayers;
    private final Consumer<List<PlayerEntry>> players;
    private final LinkWatch linkWatch;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final BlockingQueue<Input> inputs = new LinkedBlockingQueue<>();
    /** Players this player could not reach, not yet reported to the hub (a set: each is reported once per batch). */
    private final Set<HostPort> unreachable = new LinkedHashSet<>();
    private final Thread thread;

    private Link<HubMessage> link;
    /** The link's socket, to give up an unanswered announce with it ({@link #giveUp}). */
    private SocketChannel socket;
    private AnnounceSchedule schedule;
    private int failures;
    private Event pendingEvent = Event.START;
    private boolean warnedDown;

    /** @param playersWanted players listed by the hub below which an incomplete player asks again at the min interval */
    public HubCommunication(Library library, PlayerId playerId, int port, Progress progress, int playersWanted,
                            Consumer<List<PlayerEntry>> players, LinkWatch linkWatch, InstantSource clock,
                            RandomGenerator random) {
        this.hub = library.announce();
        this.library = library;
        this.playerId = playerId;
        this.port = port;
        this.progress = progress;
        this.morePlayers = new MorePlayers(playersWanted);
        this.players = players;
        this.linkWatch = linkWatch;
        this.clock = clock;
        this.random = random;
        // It connects to the hub itself: a platform thread, as every thread of the player that blocks on a socket.
        this.thread = SocketThreads.builder().name("hub-communication").unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Tells the hub, as soon as the min interval allows, that this player now holds the whole stuff. */
    public void completed() {
        inputs.add(new AnnounceNow(Event.COMPLETED));
    }

    /**
     * Asks the hub for its list of players again, as soon as {@code min interval} allows
     * rather than at the next {@code interval}: another player has appeared that this one
     * may download from, and only the hub knows the port it listens on.
     */
    public void askForPlayers() {
        inputs.add(new PlayersWanted());
    }

    /** Tells the hub (with {@code player invalid address}) that {@code player} could not be reached. */
    public void reportUnreachable(HostPort player) {
        inputs.add(new Unreachable(player));
    }

    /** Announces {@code stopped} (if the hub is reachable, waiting at most {@code patience}) and ends. */
    public void stop(Duration patience) throws InterruptedException {
        inputs.add(new Stop());
        thread.join(patience);
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join();
        }
    }

    @Override
    public void onMessage(Link<HubMessage> from, HubMessage message) {
        if (message instanceof Answer answer) {
            inputs.add(new Answered(from, answer));
        } else {
            log.warn("the hub sent {} instead of an answer; ignored", message.getClass().getSimpleName());
        }
    }

    @Override
    public boolean onUndecodable(Link<HubMessage> from, int id, ProtocolException problem) {
        log.warn("the hub sent an answer this player cannot read: {}", problem.getMessage());
        inputs.add(new Unreadable(from));
        return true;
    }

    @Override
    public void onClosed(Link<HubMessage> from, String reason) {
        inputs.add(new Lost(from, reason));
    }

    private void run() {
        schedule = new AnnounceSchedule(DEFAULT_INTERVAL.toMillis(), MIN_INTERVAL_FLOOR.toMillis(), clock.millis());
        try {
            while (true) {
                Input input = inputs.poll(Math.max(0, schedule.wakeAt() - clock.millis()), TimeUnit.MILLISECONDS);
                switch (input) {
                    case null -> {
                        if (schedule.answerOverdue(clock.millis())) {
                            giveUp();
                        }
                    }
                    case Answered answered -> answered(answered.link(), answered.answer());
                    case Lost lost -> lost(lost.link(), lost.reason());
                    case Unreadable unreadable -> {
                        if (unreadable.link() == link) {
                            schedule.refused(clock.millis());
                        }
                    }
                    case AnnounceNow now -> {
                        pendingEvent = now.event();
                        schedule.soon();
                    }
                    case PlayersWanted wanted -> {
                        // Only over a live link: while the hub is down, its retries keep their backoff.
                        if (link != null && link.isOpen()) {
                            schedule.soon();
                        }
                    }
                    case Unreachable report -> {
                        unreachable.add(report.player());
                        sendUnreachable();
                    }
                    case Stop stop -> {
                        sayStopped();
                        return;
                    }
                }
                if (schedule.due(clock.millis())) {
                    announce();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (link != null) {
                link.close("the player is stopping");
            }
        }
    }

    private void announce() {
        if (link == null || !link.isOpen()) {
            link = connect();
            if (link == null) {
                schedule.retryAt(clock.millis() + retryDelay());
                return;
            }
        }
        link.send(notify(pendingEvent));
        sendUnreachable();
        // Stamped once connected: the hub times an announce from its arrival, not from our decision.
        schedule.sent(clock.millis());
        pendingEvent = Event.START;
    }

    /**
     * The announce in flight went unanswered: the hub or the path to it is gone. The link is
     * reset, not closed: a close would leave the notify in the socket, to reach the hub when
     * the path returns, right before the announce made over the next link.
     */
    private void giveUp() {
        log.warn("the hub did not answer within {} s; connecting again", PlayerTuning.ANSWER_TIMEOUT_MILLIS / 1000);
        try {
            socket.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException e) {
            log.debug("cannot make the hub's socket reset on close: {}", e.getMessage());
        }
        Link<HubMessage> abandoned = link;
        link = null;
        abandoned.close("no answer");
        long now = clock.millis();
        schedule.lost(now, now + retryDelay());
    }

    /** Reports the unreachable players gathered so far, if the hub is connected; a list is bounded to fit a frame. */
    private void sendUnreachable() {
        if (unreachable.isEmpty() || link == null || !link.isOpen()) {
            return;
        }
        List<HostPort> batch = unreachable.stream().limit(MAX_REPORTED).toList();
        batch.forEach(unreachable::remove);
        link.send(new InvalidAddress(batch));
    }

    private Notify notify(Event event) {
        return new Notify(library.infoHash(), playerId, port, progress.heldBytes(), progress.uploadedBytes(),
                progress.left(), event);
    }

    private Link<HubMessage> connect() {
        SocketChannel socket = null;
        try {
            socket = SocketChannel.open();
            // The channel's own connect has no timeout; its socket's does.
            socket.socket().connect(new InetSocketAddress(hub.host(), hub.port()), 5000);
        } catch (IOException | IllegalArgumentException e) {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // the socket never connected
            }
            if (!warnedDown) {
                log.warn("cannot reach the hub at {}: {}; retrying (known players are still served)", hub, e.getMessage());
                warnedDown = true;
            }
            return null;
        }
        if (warnedDown) {
            log.info("reached the hub at {} again", hub);
        }
        warnedDown = false;
        failures = 0;
        this.socket = socket;
        return Link.over(socket, HubCodec.INSTANCE, this, LINK_SETTINGS, linkWatch).start();
    }

    /** Exponential backoff with jitter, capped, so a restarted hub is not hit by every player at once. */
    private long retryDelay() {
        return RETRY.delayMillis(failures++, random);
    }

    private void answered(Link<HubMessage> from, Answer answer) {
        if (from != link) {
            return; // on a link given up
        }
        if (answer.failureReason() != null) {
            log.warn("the hub refused the announce: {}", answer.failureReason());
            schedule.refused(clock.millis());
            return;
        }
        if (answer.warningMessage() != null) {
            log.warn("the hub warns: {}", answer.warningMessage());
        }
        if (answer.unreadablePlayers() > 0) {
            log.warn("the hub listed {} players this player cannot read; skipped them", answer.unreadablePlayers());
        }
        progress.hubAnswered();
        long minInterval = clampMillis(answer.minInterval(), MIN_INTERVAL_FLOOR);
        long interval = Math.max(minInterval, clampMillis(answer.interval(), DEFAULT_INTERVAL));
        long now = clock.millis();
        schedule.answered(now, interval, minInterval, morePlayers.afterAnswer(progress.complete(), answer.players().size(),
                answer.complete() + answer.incomplete()));
        log.info("hub: {} players listed ({} complete, {} incomplete in the swarm), next announce in {} s",
                answer.players().size(), answer.complete(), answer.incomplete(), (schedule.nextAt() - now + 500) / 1000);
        players.accept(answer.players());
    }

    /** Seconds from the hub as millis, within sane bounds; {@code fallback} when the hub sent nonsense. */
    private static long clampMillis(long seconds, Duration fallback) {
        if (seconds <= 0) {
            return fallback.toMillis();
        }
        return Math.min(MAX_INTERVAL.toMillis(), Math.max(MIN_INTERVAL_FLOOR.toMillis(), seconds * 1000));
    }

    private void lost(Link<HubMessage> lostLink, String reason) {
        if (lostLink != link) {
            return;
        }
        log.warn("lost the hub connection: {}; reconnecting", reason);
        link = null;
        long now = clock.millis();
        schedule.lost(now, now + retryDelay());
    }

    /** Sends {@code stopped} and waits (briefly) until it is written, so exiting does not cut it off. */
    private void sayStopped() throws InterruptedException {
        if (link == null || !link.isOpen()) {
            return;
        }
        Link<HubMessage> last = link;
        last.send(notify(Event.STOPPED));
        last.closeAfterSending("stopped");
        long deadline = clock.millis() + 2000;
        while (last.isOpen() && clock.millis() < deadline) {
            inputs.poll(deadline - clock.millis(), TimeUnit.MILLISECONDS);
        }
        link = null;
    }
}
