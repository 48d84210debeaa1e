package netd.hub;

import netd.common.bencode.BencodeWriter;
import netd.common.id.InfoHash;
import netd.common.wire.HubCodec;
import netd.common.wire.HubMessage.Answer;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.Notify;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An answer's frame is built from the entries its swarm keeps encoded; it must be, byte for
 * byte, what the codec's general encoder makes of the same answer (each entry encoded anew).
 */
class HubAnswerTest {
    private static final InfoHash STUFF = InfoHash.of(new byte[20]);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final TestClock clock = new TestClock();
    private final Registrar registrar = new Registrar(new InMemoryRegistry(),
            AnnounceTiming.of(Duration.ofSeconds(10), Duration.ofSeconds(5)), 50, clock, new SplittableRandom(3));
    private final BencodeWriter writer = HubCodec.answerWriter();

    @Test
    void everyFrameIsTheGeneralEncodersBytesAsPlayersJoinMoveCompleteAndLeave() throws IOException {
        int answers = 0;
        int fullWithWarning = 0;
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 80; i++) {
                // Round 1 moves every third player (another IP, another port), round 2 completes
                // every fourth, round 3 stops every fifth: the swarm's entries change under the answers.
                String ip = round >= 1 && i % 3 == 0 ? "10.0.0." + i : "127.0.0.1";
                int port = 7000 + i + (round >= 1 && i % 3 == 0 ? 1000 : 0);
                long left = round >= 2 && i % 4 == 0 ? 0 : 100;
                Event event = round == 3 && i % 5 == 0 ? Event.STOPPED : Event.START;
                HubAnswer answer = registrar.announce(new Notify(STUFF, RegistrarTest.player(i), port, 0, 0, left, event), ip, i);
                assertArrayEquals(generalEncoding(answer.answer()), bytes(answer.frame(writer)), "round " + round + ", player " + i);
                answers++;
                fullWithWarning += answer.players().size() == 50 && answer.head().warningMessage() != null ? 1 : 0;
                clock.advance(Duration.ofMillis(10)); // too soon again: a warning in every answer after the first round
            }
        }
        assertEquals(320, answers);
        assertEquals(160 + 64, fullWithWarning, "from the second round on, 50 players and a warning in all but the stops");
        HubAnswer failure = registrar.failure("the hub's store is busy");
        assertArrayEquals(generalEncoding(failure.answer()), bytes(failure.frame(writer)));
    }

    @Test
    void theWarningAndTheCountsAreSpelledOutInTheFrameAsPlayersRefreshTooSoonAndComplete() {
        // More than four answers of 50 list: the swarm is told the 5 s min interval (AnnounceTiming).
        for (int i = 0; i < 260; i++) {
            registrar.announce(new Notify(STUFF, RegistrarTest.player(i), 7000 + i, 0, 0, 100, Event.START), "127.0.0.1", i);
        }
        clock.advance(Duration.ofMillis(1234));
        HubAnswer first = registrar.announce(new Notify(STUFF, RegistrarTest.player(0), 7000, 0, 0, 100, Event.START), "127.0.0.1", 0);
        HubAnswer second = registrar.announce(new Notify(STUFF, RegistrarTest.player(1), 7001, 0, 0, 0, Event.COMPLETED), "127.0.0.1", 1);
        clock.advance(Duration.ofMillis(3766)); // 5 s after the joins: in time
        HubAnswer inTime = registrar.announce(new Notify(STUFF, RegistrarTest.player(2), 7002, 0, 0, 100, Event.START), "127.0.0.1", 2);

        String warning = "announced 1234 ms after the previous announce; the min interval is 5 s";
        assertTrue(frameText(first).endsWith("e15:warning message" + warning.length() + ":" + warning + "e"), frameText(first));
        assertTrue(frameText(first).startsWith("d8:completei0e10:incompletei260e"), frameText(first));
        assertSame(first.head().warningMessage(), second.head().warningMessage(), "one text per gap, made once");
        assertTrue(frameText(second).startsWith("d8:completei1e10:incompletei259e"), frameText(second));
        assertTrue(frameText(second).endsWith(warning + "e"), frameText(second));
        assertNull(inTime.head().warningMessage());
        assertTrue(frameText(inTime).startsWith("d8:completei1e10:incompletei259e"), frameText(inTime));
        assertTrue(frameText(inTime).endsWith("ee"), frameText(inTime));
    }

    @Test
    void warningsForGapsOutsideTheKeptRangeAreMadeEachTime() {
        TooSoonWarnings warnings = new TooSoonWarnings();
        assertEquals("announced 12345 ms after the previous announce; the min interval is 30 s",
                warnings.text(Duration.ofMillis(12_345), Duration.ofSeconds(30)));
        assertEquals("announced -20 ms after the previous announce; the min interval is 5 s",
                warnings.text(Duration.ofMillis(-20), Duration.ofSeconds(5)));
        assertEquals("announced 9999 ms after the previous announce; the min interval is 30 s",
                warnings.text(Duration.ofMillis(9_999), Duration.ofSeconds(30)));
        assertEquals("announced 9999 ms after the previous announce; the min interval is 10 s",
                warnings.text(Duration.ofMillis(9_999), Duration.ofSeconds(10)), "kept per min interval");
    }

    @Test
    void aListingKeepsTheEntriesOfWhenItWasMadeWhileItsPlayersMoveAndLeave() {
        SwarmMembers swarm = new SwarmMembers();
        for (int i = 0; i < 5; i++) {
            swarm.put(registration(i, "127.0.0.1", false));
        }
        Listing before = swarm.others(-1, 5, true, new RandomSample(), new SplittableRandom(1));
        swarm.put(registration(2, "10.0.0.2", true));
        swarm.remove(RegistrarTest.player(0));
        swarm.remove(RegistrarTest.player(4));

        assertEntriesMatchPlayers(before);
        assertEquals(5, before.size());
        Listing after = swarm.others(-1, 5, true, new RandomSample(), new SplittableRandom(1));
        assertEquals(3, after.size());
        assertEntriesMatchPlayers(after);
        assertEquals(1, after.players().stream().filter(p -> p.ip().equals("10.0.0.2") && p.complete()).count());
    }

    private static void assertEntriesMatchPlayers(Listing listing) {
        for (int i = 0; i < listing.size(); i++) {
            assertArrayEquals(HubCodec.entryBytes(listing.players().get(i).entry()), listing.entries().get(i));
        }
    }

    private static Registration registration(int player, String ip, boolean complete) {
        return new Registration(new PlayerKey(STUFF, RegistrarTest.player(player)), ip, 7000 + player, complete, T0, player);
    }

    /** The frame the codec writes for a whole answer, encoding each player's entry as it goes. */
    private static byte[] generalEncoding(Answer answer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HubCodec.INSTANCE.encode(answer, new DataOutputStream(out));
        return out.toByteArray();
    }

    /** The frame's payload (after its 3-byte header) as text: the bytes the tests spell out are ASCII. */
    private String frameText(HubAnswer answer) {
        byte[] frame = bytes(answer.frame(writer));
        return new String(frame, 3, frame.length - 3, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.duplicate().get(bytes);
        return bytes;
    }
}
