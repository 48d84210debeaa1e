package netd.player.e2e;

import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.Bitfield;
import netd.common.wire.PeerMessage.BookData;
import netd.common.wire.PeerMessage.Handshake;
import netd.common.wire.PeerMessage.Have;
import netd.common.wire.PeerMessage.Interested;
import netd.common.wire.PeerMessage.Request;
import netd.common.wire.PeerMessage.Unchoke;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static netd.player.e2e.ScriptedPeer.PATIENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8, "Hostile peers": strangers that break the protocol on purpose, against the real
 * player jar. Each test points several attacks at one victim running on a small heap (a leak
 * shows as an OutOfMemoryError), then checks the victim is still up, said what happened once
 * per offending connection, and still trades the identical file with an honest player.
 */
// Bounds each test of the class (a swarm completes within 90 s, after waits of up to 30 s for hostile
// peers): a hang fails that test, not the build.
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HostilePeersE2ETest {
    private static final Duration DONE = Duration.ofSeconds(90);
    private static final Duration HANDSHAKE_DEADLINE = Duration.ofSeconds(30);
    private static final int BOOK = 16 * 1024;
    /** 129 books: the bitfield's last byte has 7 spare bits. */
    private static final long SIZE = 128L * BOOK + 5000;
    private static final String HEAP = "64m";

    @TempDir
    Path directory;

    @Test
    void aSeederShrugsOffHostileDownloadersAndStillServesAnHonestOne() throws Exception {
        try (Swarm swarm = Swarm.start(directory, SIZE, BOOK).heap(HEAP)) {
            Swarm.Player seeder = swarm.seeder();
            int port = seeder.port();
            Library library = swarm.library();

            // The slow attacks run side by side first: each is cut off by the 20 s handshake deadline.
            ScriptedPeer slowloris = ScriptedPeer.connect(port);
            CompletableFuture<Integer> dripped = background(() -> slowloris.drip(handshake(library), Duration.ofSeconds(1)));
            ScriptedPeer keepAlives = ScriptedPeer.connect(port);
            background(() -> keepAlives.drip(new byte[1000], Duration.ofMillis(100)));
            List<Socket> flood = flood(port, 1000);
            assertTrue(slowloris.awaitClosed(HANDSHAKE_DEADLINE), "the slowloris was never cut off");
            assertTrue(dripped.get() < handshake(library).length, "the slowloris finished its handshake");
            assertTrue(keepAlives.awaitClosed(HANDSHAKE_DEADLINE), "keep-alives kept a handshake-less link open");
            closeAll(flood);

            try (ScriptedPeer otherStuff = ScriptedPeer.connect(port)) {
                otherStuff.send(new Handshake(stranger(), InfoHash.of(new byte[20])));
                assertTrue(otherStuff.awaitClosed(PATIENCE), "a handshake for another stuff was accepted");
            }
            try (ScriptedPeer impostor = ScriptedPeer.downloader(port, library, PlayerId.parse(seeder.id()))) {
                assertTrue(impostor.awaitClosed(PATIENCE), "a handshake with the seeder's own id was accepted");
            }
            try (ScriptedPeer beyond = unchoked(port, library)) {
                beyond.send(new Request(library.bookCount() + 5));
                assertTrue(beyond.awaitClosed(PATIENCE), "a request beyond the last book was tolerated");
            }
            try (ScriptedPeer choked = ScriptedPeer.downloader(port, library, stranger())) {
                choked.expect(Bitfield.class);
                choked.send(new Request(0), new Request(1), new Request(2));
                assertTrue(choked.drain(Duration.ofSeconds(2)).stream().noneMatch(BookData.class::isInstance),
                        "books were sent to a choked downloader");
            }
            try (ScriptedPeer burst = unchoked(port, library)) {
                // 10,000 requests in bursts of 100, never reading an answer: the seeder must not
                // queue a book for each (10,000 books would be 160 MiB on its 64 MiB heap).
                for (int i = 0; i < 10_000; i++) {
                    burst.send(new Request(i % library.bookCount()));
                    if (i % 100 == 99) {
                        Thread.sleep(30);
                    }
                }
                Thread.sleep(2000);
            }
            for (int[] lie : List.of(new int[]{0x00, 0x03, 0x06, 0x00, 0x00}, // a request of 2 bytes
                    new int[]{0x40, 0x06, 0x07}, // one byte longer than the longest book message
                    new int[]{0xff, 0xff, 0x07})) {
                try (ScriptedPeer liar = unchoked(port, library)) {
                    liar.sendRaw(lie);
                    assertTrue(liar.awaitClosed(PATIENCE), "a lying length field was tolerated");
                }
            }

            Swarm.Player honest = swarm.leecher("--exit-when-done");
            honest.awaitDone(DONE);
            swarm.assertIdentical(honest.file());

            assertTrue(seeder.process().isAlive(), "the seeder died:\n" + seeder.process().output());
            String log = seeder.process().output();
            assertFalse(log.contains("OutOfMemoryError"), log);
            assertEquals(1, count(log, "asked for another stuff"), log);
            assertEquals(1, count(log, "claims this player's own id"), log);
            assertEquals(1, count(log, "requested book " + (library.bookCount() + 5)), log);
            assertEquals(1, count(log, "payload of 2 bytes"), log);
            assertEquals(1, count(log, "frame length 16390 exceeds"), log);
            assertEquals(1, count(log, "frame length 65535 exceeds"), log);
            // The flood: one line when the slots ran out, one when they freed; the connections it held
            // are logged once each, so at most once per connection slot, never per attempt.
            assertEquals(1, count(log, "every connection slot is taken"), log);
            assertEquals(1, count(log, "accepting connections again after refusing"), log);
            int timeouts = count(log, "no handshake within 20 s");
            assertTrue(timeouts >= 2 && timeouts <= 50, timeouts + " handshake timeouts logged:\n" + log);
        }
    }

    @Test
    void aLeecherShrugsOffHostileUploadersAndFinishesFromAnHonestOne() throws Exception {
        try (Swarm swarm = Swarm.start(directory, SIZE, BOOK).heap(HEAP)) {
            Library library = swarm.library();
            int books = library.bookCount();
            BitSet all = new BitSet();
            all.set(0, books);
            byte[] spareBitsSet = Bitfield.of(all, books).bits();
            spareBitsSet[spareBitsSet.length - 1] = (byte) 0xff;
            List<FakeUploader> hostile = List.of(
                    hostile(swarm, d -> d.send(new Bitfield(new byte[3]))),
                    hostile(swarm, d -> d.send(new Bitfield(spareBitsSet))),
                    hostile(swarm, d -> d.send(Bitfield.of(new BitSet(), books), new Have(books + 3))),
                    hostile(swarm, d -> d.send(Bitfield.of(all, books), new Unchoke(), new BookData(0, new byte[BOOK]))),
                    hostile(swarm, d -> answerEveryRequest(d, all, request -> new BookData(request.index(), new byte[7]))),
                    hostile(swarm, d -> answerEveryRequest(d, all, request -> new BookData(books + 9, new byte[BOOK]))),
                    hostile(swarm, d -> d.sendRaw(0xff, 0xff, 0x07)));
            try {
                Swarm.Player leecher = swarm.leecher("--exit-when-done");
                // The honest seeder joins once the leecher has met every hostile uploader.
                for (FakeUploader uploader : hostile) {
                    uploader.awaitConnected(DONE);
                }
                swarm.seeder();
                leecher.awaitDone(DONE);
                swarm.assertIdentical(leecher.file());

                String log = leecher.process().output();
                assertFalse(log.contains("OutOfMemoryError"), log);
                assertLoggedOncePerConnection(log, hostile.get(0), "bad bitfield");
                assertLoggedOncePerConnection(log, hostile.get(1), "bad bitfield");
                assertLoggedOncePerConnection(log, hostile.get(2), "have for book " + (books + 3));
                // Redialled with a growing backoff (2, 4, 8 s...), not every 2 s because its bitfield was fine.
                assertTrue(hostile.get(2).connections() <= 4, hostile.get(2).connections() + " connections:\n" + log);
                // Banned after its bad books, by id and address: never dialled again, however long the swarm took.
                assertEquals(1, hostile.get(4).connections(), log);
                assertLoggedOncePerConnection(log, hostile.get(6), "frame length 65535 exceeds");
            } finally {
                for (FakeUploader uploader : hostile) {
                    uploader.close();
                }
            }
        }
    }

    /** An uploader that reads the downloader's handshake, plays {@code script}, then waits for the downloader to hang up. */
    private static FakeUploader hostile(Swarm swarm, FakeUploader.Script script) throws IOException {
        return new FakeUploader(swarm, downloader -> {
            downloader.expect(Handshake.class);
            script.play(downloader);
            downloader.awaitClosed(DONE);
        });
    }

    private interface Answer {
        PeerMessage to(Request request);
    }

    /** Offers every book, unchokes, and answers every request with {@code answer}. */
    private static void answerEveryRequest(ScriptedPeer downloader, BitSet all, Answer answer) throws Exception {
        downloader.send(Bitfield.of(all, all.cardinality()), new Unchoke());
        PeerMessage message;
        while ((message = downloader.receive()) != null) {
            if (message instanceof Request request) {
                downloader.send(answer.to(request));
            }
        }
    }

    /** A downloader that completed its handshake, said it is interested, and was unchoked. */
    private static ScriptedPeer unchoked(int port, Library library) throws Exception {
        ScriptedPeer peer = ScriptedPeer.downloader(port, library, stranger());
        peer.expect(Bitfield.class);
        peer.send(new Interested());
        peer.expect(Unchoke.class);
        return peer;
    }

    private static byte[] handshake(Library library) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        netd.common.wire.PeerCodec.INSTANCE.encode(new Handshake(stranger(), library.infoHash()), new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    /** Opens {@code count} connections that say nothing; those the player refuses are closed by it. */
    private static List<Socket> flood(int port, int count) {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            } catch (IOException e) {
                // a full accept backlog drops the attempt: that is the player defending itself
            }
            sockets.add(socket);
        }
        return sockets;
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    private static <T> CompletableFuture<T> background(Work<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(work.run());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static void assertLoggedOncePerConnection(String log, FakeUploader uploader, String problem) {
        int lines = (int) log.lines().filter(line -> line.contains(uploader.id.text()) && line.contains(problem)).count();
        assertTrue(lines >= 1 && lines <= uploader.connections(),
                "'" + problem + "' logged " + lines + " times for " + uploader.connections() + " connections:\n" + log);
    }

    private static int count(String log, String text) {
        return (int) log.lines().filter(line -> line.contains(text)).count();
    }

    private static PlayerId stranger() {
        return PlayerId.generate(new SecureRandom());
    }
}
