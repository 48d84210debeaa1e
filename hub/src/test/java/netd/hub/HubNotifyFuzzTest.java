package netd.hub;

import ch.qos.logback.classic.Level;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import netd.common.ProtocolException;
import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.wire.Frame;
import netd.common.wire.FrameReader;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.InvalidAddress;
import netd.common.wire.HubMessage.Notify;
import netd.common.wire.HubMessage.PlayerEntry;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub's notify handling over a whole sequence from several connections: bytes, decoded
 * by {@link HubCodec} as the hub's links do, then the {@link Registrar}'s decisions over an
 * {@link InMemoryRegistry}, with a clock of the test's own. The steps are what the
 * {@link HubLibrary} feeds the registrar: notifies (well-formed ones with fuzzed fields, the
 * same with a byte changed, or raw payloads), {@code player invalid address} reports and
 * the outcome of their checks, closed connections, and time passing.
 *
 * <p>A simple model (who announced what, from where, when) checks after every step: the
 * registry holds exactly the model's players; an answer never lists the asker, lists at
 * most max-answer-players, as many as the swarm can give, each a registered player of that
 * stuff as registered, with the complete and incomplete counts of that stuff; a stopped
 * player is gone; every answer (failures too) re-encodes and decodes to itself. The only
 * exception decoding may throw is {@link ProtocolException}.
 */
class HubNotifyFuzzTest {
    private static final AnnounceTiming TIMING = AnnounceTiming.of(Duration.ofSeconds(10), Duration.ofSeconds(5));
    private static final int CONNECTIONS = 4;
    /** Few stuffs, ids, IPs and ports, so that players meet, collide and move. */
    private static final InfoHash[] STUFFS = {infoHash(1), infoHash(2)};
    private static final int PLAYERS = 6;
    private static final String[] IPS = {"127.0.0.1", "127.0.0.2"};
    private static final int[] PORTS = {7001, 7002, 1, 65535};
    private static final int MAX_RAW = 512;
    /** As {@link HubLibrary}: addresses checked per report at most. */
    private static final int MAX_ADDRESSES_PER_REPORT = 50;

    static {
        // The registrar logs every join and leave: at fuzzing speed that is all the fuzzer would do.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Registrar.class)).setLevel(Level.OFF);
    }

    @FuzzTest
    void notifySequence(FuzzedDataProvider data) throws IOException {
        new Hub(data).run();
    }

    /** One hub, its model, and the connections talking to it. */
    private static final class Hub {
        private final FuzzedDataProvider data;
        private final TestClock clock = new TestClock();
        private final InMemoryRegistry registry = new InMemoryRegistry();
        private final int maxAnswerPlayers;
        private final Registrar registrar;
        /** What each registered player announced last, as the model sees it. */
        private final Map<PlayerKey, Registration> model = new HashMap<>();
        /** The id of the connection each slot has now; a closed one is replaced by a new one. */
        private final long[] connections = new long[CONNECTIONS];
        private long nextConnection = 1;
        /** Reachability checks under way, with the time each started. */
        private final Map<HostPort, Instant> checking = new LinkedHashMap<>();

        Hub(FuzzedDataProvider data) {
            this.data = data;
            this.maxAnswerPlayers = data.consumeInt(1, PLAYERS);
            this.registrar = new Registrar(registry, TIMING, maxAnswerPlayers, clock, new SplittableRandom(data.consumeLong()));
            for (int i = 0; i < CONNECTIONS; i++) {
                connections[i] = nextConnection++;
            }
        }

        void run() throws IOException {
            while (data.remainingBytes() > 0) {
                int slot = data.consumeInt(0, CONNECTIONS - 1);
                switch (data.consumeInt(0, 6)) {
                    case 0 -> notifyBytes(slot, wellFormedNotify());
                    case 1 -> notifyBytes(slot, changedByte(wellFormedNotify()));
                    case 2 -> notifyBytes(slot, data.consumeBytes(data.consumeInt(0, MAX_RAW)));
                    case 3 -> report(data.consumeBoolean() ? wellFormedReport() : data.consumeBytes(data.consumeInt(0, MAX_RAW)));
                    case 4 -> checkDone(data.consumeBoolean());
                    case 5 -> connectionClosed(slot);
                    default -> timePasses(data.consumeInt(0, 40_000));
                }
                assertRegistryIsModel();
            }
        }

        private byte[] wellFormedNotify() throws IOException {
            Notify notify = new Notify(STUFFS[data.consumeInt(0, STUFFS.length - 1)], playerId(data.consumeInt(0, PLAYERS - 1)),
                    PORTS[data.consumeInt(0, PORTS.length - 1)], data.consumeLong(), data.consumeLong(),
                    data.consumeBoolean() ? 0 : data.consumeLong(), Event.values()[data.consumeInt(0, Event.values().length - 1)]);
            return payload(notify);
        }

        private byte[] changedByte(byte[] payload) {
            if (payload.length > 0) {
                payload[data.consumeInt(0, payload.length - 1)] = data.consumeByte();
            }
            return payload;
        }

        private byte[] wellFormedReport() throws IOException {
            List<HostPort> players = new ArrayList<>();
            for (int n = data.consumeInt(0, 4); n > 0; n--) {
                players.add(new HostPort(IPS[data.consumeInt(0, IPS.length - 1)], PORTS[data.consumeInt(0, PORTS.length - 1)]));
            }
            return payload(new InvalidAddress(players));
        }

        /** A notify's payload reaches the hub: answered with a failure when undecodable (as HubPlayer does), else announced. */
        private void notifyBytes(int slot, byte[] payload) throws IOException {
            HubMessage message;
            try {
                message = HubCodec.INSTANCE.decode(HubMessage.NOTIFY, payload);
            } catch (ProtocolException refused) {
                Answer failure = Answer.failure("invalid notify: " + refused.getMessage(), TIMING.interval().toSeconds(),
                        TIMING.minInterval().toSeconds());
                assertRoundTrip(failure);
                return;
            }
            Notify notify = assertInstanceOf(Notify.class, message, "a notify frame decoded as another message");
            announce(notify, IPS[slot % IPS.length], connections[slot]);
        }

        private void announce(Notify notify, String ip, long connection) throws IOException {
            PlayerKey asker = new PlayerKey(notify.infoHash(), notify.playerId());
            Registration previous = model.get(asker);
            HubAnswer reply = registrar.announce(notify, ip, connection);
            Answer answer = reply.answer();
            if (notify.event() == Event.STOPPED) {
                model.remove(asker);
                assertNull(registry.find(asker), "a stopped player is still registered");
                assertNull(answer.warningMessage(), "a stopped player was warned");
            } else {
                boolean complete = notify.event() == Event.COMPLETED || notify.left() == 0;
                model.put(asker, new Registration(asker, ip, notify.port(), complete, clock.instant(), connection));
                boolean tooSoon = previous != null && AnnounceTiming.tooSoon(previous.lastSeen(), clock.instant(), minInterval(asker));
                assertEquals(tooSoon, answer.warningMessage() != null, "warning " + answer.warningMessage());
            }
            assertAnswer(asker, answer);
            assertArrayEquals(encode(answer), bytes(reply.frame(HubCodec.answerWriter())), "the frame of copied entries is the answer's encoding");
        }

        private List<Registration> swarm(PlayerKey asker) {
            return model.values().stream().filter(r -> r.key().infoHash().equals(asker.infoHash())).toList();
        }

        /** The min interval the asker's swarm is told, as the model has it now. */
        private Duration minInterval(PlayerKey asker) {
            return TIMING.minIntervalFor(swarm(asker).size(), maxAnswerPlayers);
        }

        private void assertAnswer(PlayerKey asker, Answer answer) throws IOException {
            assertNull(answer.failureReason());
            assertEquals(TIMING.interval().toSeconds(), answer.interval());
            List<Registration> swarm = swarm(asker);
            assertEquals(minInterval(asker).toSeconds(), answer.minInterval());
            long complete = swarm.stream().filter(Registration::complete).count();
            assertEquals(complete, answer.complete(), "complete count");
            assertEquals(swarm.size() - complete, answer.incomplete(), "incomplete count");
            int others = (int) swarm.stream().filter(r -> !r.key().equals(asker)).count();
            assertEquals(Math.min(maxAnswerPlayers, others), answer.players().size(), "players listed");
            Set<PlayerId> listed = new HashSet<>();
            for (PlayerEntry entry : answer.players()) {
                assertNotEquals(asker.playerId(), entry.playerId(), "an answer lists the asker");
                assertTrue(listed.add(entry.playerId()), "an answer lists " + entry.playerId() + " twice");
                Registration registered = model.get(new PlayerKey(asker.infoHash(), entry.playerId()));
                assertNotNull(registered, "an answer lists " + entry.playerId() + ", not registered in this stuff");
                assertEquals(registered.entry(), entry, "an answer lists a player otherwise than it registered");
            }
            assertRoundTrip(answer);
        }

        /** As HubLibrary: each distinct reported address (50 at most) where a player is registered is checked once at a time. */
        private void report(byte[] payload) {
            HubMessage message;
            try {
                message = HubCodec.INSTANCE.decode(HubMessage.INVALID_ADDRESS, payload);
            } catch (ProtocolException refused) {
                return;
            }
            InvalidAddress report = assertInstanceOf(InvalidAddress.class, message, "a report frame decoded as another message");
            for (HostPort address : new LinkedHashSet<>(report.players()).stream().limit(MAX_ADDRESSES_PER_REPORT).toList()) {
                boolean registered = model.values().stream().anyMatch(r -> r.isAt(address.host(), address.port()));
                assertEquals(registered, registrar.isRegistered(address), "is " + address + " registered");
                if (registered && !checking.containsKey(address)) {
                    checking.put(address, clock.instant());
                }
            }
        }

        /** The oldest check under way ends; an unreachable address loses the players that did not announce since. */
        private void checkDone(boolean reachable) {
            if (checking.isEmpty()) {
                return;
            }
            HostPort address = checking.keySet().iterator().next();
            Instant started = checking.remove(address);
            if (!reachable) {
                registrar.unreachable(address, started);
                model.values().removeIf(r -> r.isAt(address.host(), address.port()) && r.lastSeen().isBefore(started));
            }
        }

        private void connectionClosed(int slot) {
            long closed = connections[slot];
            registrar.connectionClosed(closed);
            model.values().removeIf(r -> r.connection() == closed);
            connections[slot] = nextConnection++;
        }

        private void timePasses(int millis) {
            clock.advance(Duration.ofMillis(millis));
            registrar.expire();
            Instant cutoff = TIMING.expiryCutoff(clock.instant());
            model.values().removeIf(r -> r.lastSeen().isBefore(cutoff));
        }

        private void assertRegistryIsModel() {
            assertEquals(model.size(), registry.size(), "registrations");
            for (Registration expected : model.values()) {
                assertEquals(expected, registry.find(expected.key()));
            }
            for (InfoHash stuff : STUFFS) {
                long complete = model.values().stream().filter(r -> r.key().infoHash().equals(stuff) && r.complete()).count();
                long all = model.values().stream().filter(r -> r.key().infoHash().equals(stuff)).count();
                assertEquals(new HubRegistry.SwarmCounts(complete, all - complete), registry.counts(stuff));
            }
        }
    }

    private static byte[] payload(HubMessage message) throws IOException {
        return readFrame(encode(message)).payload();
    }

    /** An answer goes out as one frame that the player's side decodes to the same answer. */
    private static void assertRoundTrip(Answer answer) throws IOException {
        Frame frame = readFrame(encode(answer));
        assertEquals(HubMessage.ANSWER, frame.id());
        try {
            assertEquals(answer, HubCodec.INSTANCE.decode(frame.id(), frame.payload()), "decode(encode(answer))");
        } catch (ProtocolException e) {
            throw new AssertionError("the hub's own answer " + answer + " was rejected: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return bytes;
    }

    private static byte[] encode(HubMessage message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HubCodec.INSTANCE.encode(message, new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static Frame readFrame(byte[] bytes) throws IOException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes), Frame.MAX_LENGTH);
        try {
            Frame frame = reader.read();
            assertNull(reader.read(), "one encoded message must be exactly one frame");
            return frame;
        } catch (ProtocolException e) {
            throw new AssertionError("our own encoding was rejected: " + e.getMessage(), e);
        }
    }

    private static InfoHash infoHash(int n) {
        byte[] bytes = new byte[20];
        bytes[0] = (byte) n;
        return InfoHash.of(bytes);
    }

    private static PlayerId playerId(int n) {
        byte[] bytes = "-ND0100-000000000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        bytes[19] = (byte) ('a' + n);
        return PlayerId.of(bytes);
    }
}
