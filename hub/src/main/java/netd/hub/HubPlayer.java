package netd.hub;

import netd.common.ProtocolException;
import netd.common.link.Link;
import netd.common.link.LinkOwner;
import netd.common.wire.HubMessage;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.InvalidAddress;
import netd.common.wire.HubMessage.Notify;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Semaphore;

/**
 * One player connection: the owner of its link. It passes what the player says to the
 * {@link HubLibrary}, answers on its own only what the library cannot see (a notify too
 * broken to decode), and closes the connection on anything else it does not understand.
 */
public final class HubPlayer implements LinkOwner<HubMessage> {
    private static final Logger log = LoggerFactory.getLogger(HubPlayer.class);
    /**
     * Messages of one connection waiting for the library at most. The reader waits for a
     * slot, so a player that floods the hub slows only its own connection, and the library's
     * queue stays bounded.
     */
    private static final int IN_FLIGHT = 4;

    private final long id;
    private final HubLibrary library;
    private final HubSettings settings;
    private final Runnable onClosed;
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private Link<HubMessage> link;
    private String ip;

    /** {@code onClosed} runs once the connection is closed (the server's bookkeeping). */
    HubPlayer(long id, HubLibrary library, HubSettings settings, Runnable onClosed) {
        this.id = id;
        this.library = library;
        this.settings = settings;
        this.onClosed = onClosed;
    }

    /** Starts serving the connection; called once, before anything else. */
    void start(Link<HubMessage> link) {
        this.link = link;
        this.ip = link.remoteAddress().getAddress().getHostAddress();
        link.start();
    }

    long id() {
        return id;
    }

    /** The player's IP, as its connection shows it. */
    String ip() {
        return ip;
    }

    boolean isOpen() {
        return link.isOpen();
    }

    void send(Answer answer) {
        link.send(answer);
    }

    /** The library is done with one of this connection's messages. */
    void handled() {
        slots.release();
    }

    void close(String reason) {
        link.close(reason);
    }

    @Override
    public void onMessage(Link<HubMessage> from, HubMessage message) throws InterruptedException {
        switch (message) {
            case Notify notify -> {
                slots.acquire();
                library.announce(this, notify);
            }
            case InvalidAddress report -> {
                slots.acquire();
                library.reportUnreachable(this, report);
            }
            case Answer answer -> {
                log.info("{}: closing: it sent a hub answer, which only a hub sends", from.name());
                from.close("sent a hub answer");
            }
        }
    }

    /** A notify is answered with what was wrong in it; anything else undecodable closes the connection. */
    @Override
    public boolean onUndecodable(Link<HubMessage> from, int messageId, ProtocolException problem) {
        if (messageId != HubMessage.NOTIFY) {
            return false;
        }
        log.debug("{}: refused a notify: {}", from.name(), problem.getMessage());
        AnnounceTiming timing = settings.timing();
        from.send(Answer.failure("invalid notify: " + problem.getMessage(), timing.interval().toSeconds(),
                timing.minInterval().toSeconds()));
        return true;
    }

    @Override
    public void onClosed(Link<HubMessage> from, String reason) {
        log.debug("{}: connection closed: {}", from.name(), reason);
        library.connectionClosed(id);
        onClosed.run();
    }
}
