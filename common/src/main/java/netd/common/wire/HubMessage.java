package netd.common.wire;

import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.library.HostPort;

import java.util.List;
import java.util.Objects;

/** The player-to-hub messages of PROTOCOL.md §5, as typed models of their dictionaries. */
public sealed interface HubMessage {
    int NOTIFY = 0x10;
    int ANSWER = 0x11;
    int INVALID_ADDRESS = 0x12;

    /** The events of a notify. The original player sends {@code start} on every announce. */
    enum Event {
        START("start"), STARTED("started"), COMPLETED("completed"), STOPPED("stopped");

        private final String wire;

        Event(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** The event named {@code text} on the wire, or null when there is none. */
        public static Event fromWire(String text) {
            for (Event event : values()) {
                if (event.wire.equals(text)) {
                    return event;
                }
            }
            return null;
        }
    }

    /** A player announcing itself. */
    record Notify(InfoHash infoHash, PlayerId playerId, int port, long downloaded, long uploaded, long left,
                  Event event) implements HubMessage {
        public Notify {
            Objects.requireNonNull(infoHash);
            Objects.requireNonNull(playerId);
            Objects.requireNonNull(event);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is outside 1-65535");
            }
        }
    }

    /** One player in an answer. The values are as the hub sent them; the player checks them before use. */
    record PlayerEntry(PlayerId playerId, String ip, long port, boolean complete) {
    }

    /**
     * The hub's reply to every notify. {@code failureReason} and {@code warningMessage} are
     * null when absent. {@code unreadablePlayers} is not on the wire: it counts the entries of
     * a received answer that were not player dictionaries of the right shape and were skipped,
     * so the player can say so.
     */
    record Answer(String failureReason, String warningMessage, long interval, long minInterval, long complete,
                  long incomplete, List<PlayerEntry> players, int unreadablePlayers) implements HubMessage {
        public Answer {
            players = List.copyOf(players);
        }

        public Answer(String warningMessage, long interval, long minInterval, long complete, long incomplete,
                      List<PlayerEntry> players) {
            this(null, warningMessage, interval, minInterval, complete, incomplete, players, 0);
        }

        public static Answer failure(String reason, long interval, long minInterval) {
            return new Answer(reason, null, interval, minInterval, 0, 0, List.of(), 0);
        }
    }

    /** Players the sender could not connect to. */
    record InvalidAddress(List<HostPort> players) implements HubMessage {
        public InvalidAddress {
            players = List.copyOf(players);
        }
    }
}
