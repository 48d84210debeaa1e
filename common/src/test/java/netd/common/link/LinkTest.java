package netd.common.link;

import netd.common.wire.BufferPool;
import netd.common.wire.PeerCodec;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.BookData;
import netd.common.wire.PeerMessage.Choke;
import netd.common.wire.PeerMessage.Have;
import netd.common.wire.PeerMessage.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Links over real sockets on 127.0.0.1; waits use latches, never sleeps. */
@Timeout(30)
class LinkTest {
    private static final LinkSettings SETTINGS = new LinkSettings(PeerCodec.maxFrameLength(16384), 2000,
            Duration.ofSeconds(30), Duration.ofSeconds(60), 8192);

    private final LinkWatch watch = new LinkWatch("test-link-watch");
    private final List<AutoCloseable> resources = new ArrayList<>(List.of(watch));

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    /** Two connected socket channels on 127.0.0.1. */
    private SocketChannel[] socketPair() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            SocketChannel client = SocketChannel.open(server.getLocalAddress());
            SocketChannel accepted = server.accept();
            resources.add(client);
            resources.add(accepted);
            return new SocketChannel[] {client, accepted};
        }
    }

    private Link<PeerMessage> link(SocketChannel socket, RecordingOwner<PeerMessage> owner, LinkSettings settings) {
        return link(socket, PeerCodec.INSTANCE, owner, settings);
    }

    private Link<PeerMessage> link(SocketChannel socket, PeerCodec codec, RecordingOwner<PeerMessage> owner, LinkSettings settings) {
        Link<PeerMessage> link = Link.over(socket, codec, owner, settings, watch);
        resources.add(() -> link.close("test over"));
        return link;
    }

    /**
     * Platform threads for a player's links: with them, a player that has finished exits at
     * once, where a virtual thread blocked on a socket would leave the JDK's poller waiting in
     * native code and hold the exit 300 ms ({@link SocketThreads}).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsOnTheKindOfThreadItsSettingsAskFor(boolean platformThreads) throws Exception {
        SocketChannel[] sockets = socketPair();
        LinkSettings settings = new LinkSettings(SETTINGS.maxFrameLength(), SETTINGS.sendQueueCapacity(),
                SETTINGS.keepAliveInterval(), SETTINGS.idleTimeout(), SETTINGS.bufferSize(), platformThreads);
        CompletableFuture<Thread> reader = new CompletableFuture<>();
        Link<PeerMessage> receiving = Link.over(sockets[1], PeerCodec.INSTANCE, new LinkOwner<>() {
            @Override
            public void onMessage(Link<PeerMessage> link, PeerMessage message) {
                reader.complete(Thread.currentThread());
            }

            @Override
            public void onClosed(Link<PeerMessage> link, String reason) {
                reader.completeExceptionally(new AssertionError("closed: " + reason));
            }
        }, settings, watch);
        resources.add(() -> receiving.close("test over"));
        receiving.start();
        link(sockets[0], new RecordingOwner<>(), SETTINGS).start().send(new Have(1));

        Thread thread = reader.get(RecordingOwner.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(!platformThreads, thread.isVirtual());
        assertTrue(thread.isDaemon(), "a link's reader never keeps the JVM alive");
    }

    @Test
    void messagesGoBothWaysInOrder() throws Exception {
        SocketChannel[] sockets = socketPair();
        RecordingOwner<PeerMessage> aOwner = new RecordingOwner<>();
        RecordingOwner<PeerMessage> bOwner = new RecordingOwner<>();
        Link<PeerMessage> a = link(sockets[0], aOwner, SETTINGS);
        Link<PeerMessage> b = link(sockets[1], bOwner, SETTINGS);
        // Sent before start: they wait in the queue.
        assertTrue(a.send(new Have(0)));
        a.start();
        b.start();

        for (int i = 1; i < 500; i++) {
            assertTrue(a.send(new Have(i)));
            assertTrue(b.send(new Request(i)));
        }
        b.send(new BookData(7, new byte[16384]));

        for (int i = 0; i < 500; i++) {
            assertEquals(new Have(i), bOwner.next());
        }
        for (int i = 1; i < 500; i++) {
            assertEquals(new Request(i), aOwner.next());
        }
        assertEquals(new BookData(7, new byte[16384]), aOwner.next());
        assertTrue(a.isOpen() && b.isOpen());
    }

    @Test
    void encodedFramesWithBodiesOfTheirOwnArriveInOrderAmongMessages() throws Exception {
        SocketChannel[] sockets = socketPair();
        RecordingOwner<PeerMessage> owner = new RecordingOwner<>();
        Link<PeerMessage> sender = link(sockets[0], new RecordingOwner<>(), SETTINGS);
        link(sockets[1], owner, SETTINGS).start();
        // Bodies outside the heap, as views of a mapped file are; more of them than one
        // gathering write takes, and more bytes than the buffer holds.
        List<PeerMessage> expected = new ArrayList<>();
        long bodyBytes = 0;
        for (int i = 0; i < 100; i++) {
            byte[] book = new byte[16384 - i];
            Arrays.fill(book, (byte) i);
            ByteBuffer body = ByteBuffer.allocateDirect(book.length).put(book).flip();
            assertTrue(sender.sendFrame(PeerCodec.bookHead(i, book.length), body));
            assertTrue(sender.send(new Have(i)));
            expected.add(new BookData(i, book));
            expected.add(new Have(i));
            bodyBytes += book.length;
        }
        assertEquals(bodyBytes, sender.unwrittenBodyBytes(), "the bodies queued, before the writer starts");
        sender.start();

        for (PeerMessage message : expected) {
            assertEquals(message, owner.next());
        }
        // The writer takes a write's bodies off the count once the write returns, just after the peer may read them.
        while (sender.unwrittenBodyBytes() != 0) {
            assertTrue(sender.unwrittenBodyBytes() > 0, "more bodies counted written than were sent");
            Thread.onSpinWait();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void closingEitherSideClosesBothOnce(int closer) throws Exception {
        SocketChannel[] sockets = socketPair();
        List<RecordingOwner<PeerMessage>> owners = List.of(new RecordingOwner<>(), new RecordingOwner<>());
        List<Link<PeerMessage>> links = List.of(link(sockets[0], owners.get(0), SETTINGS).start(),
                link(sockets[1], owners.get(1), SETTINGS).start());

        links.get(closer).close("done here");
        links.get(closer).close("again");

        assertEquals("done here", owners.get(closer).awaitClosed());
        assertEquals("the peer closed the connection", owners.get(1 - closer).awaitClosed());
        links.get(1 - closer).close("late");
        assertEquals(1, owners.get(0).closings());
        assertEquals(1, owners.get(1).closings());
        assertFalse(links.get(0).isOpen() || links.get(1).isOpen());
        assertFalse(links.get(closer).send(new Choke()));
    }

    @Test
    void closeAfterSendingDeliversEverythingQueuedFirst() throws Exception {
        SocketChannel[] sockets = socketPair();
        RecordingOwner<PeerMessage> aOwner = new RecordingOwner<>();
        RecordingOwner<PeerMessage> bOwner = new RecordingOwner<>();
        Link<PeerMessage> a = link(sockets[0], aOwner, SETTINGS);
        link(sockets[1], bOwner, SETTINGS).start();
        for (int i = 0; i < 1000; i++) {
            a.send(new Have(i));
        }

        a.closeAfterSending("finished");
        assertFalse(a.send(new Have(1000)));
        a.start();

        for (int i = 0; i < 1000; i++) {
            assertEquals(new Have(i), bOwner.next());
        }
        assertEquals("finished", aOwner.awaitClosed());
        assertEquals("the peer closed the connection", bOwner.awaitClosed());
        assertFalse(bOwner.hasMessages());
    }

    /**
     * A player's books: read from the socket into pooled buffers outside the heap, larger than
     * the link's own buffer (so a book spans several reads) and behind other messages.
     */
    @Test
    void booksOfAPoolingCodecArriveInItsBuffersByteForByte() throws Exception {
        SocketChannel[] sockets = socketPair();
        BufferPool pool = bookPool(200, 1000);
        RecordingOwner<PeerMessage> owner = new RecordingOwner<>();
        link(sockets[1], PeerCodec.pooling(pool), owner, SETTINGS).start();
        Link<PeerMessage> sender = link(sockets[0], new RecordingOwner<>(), SETTINGS).start();

        for (int i = 0; i < 100; i++) {
            sender.send(new Have(i));
            sender.send(new BookData(i, bookFilledWith(i, 16384 - i)));
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(new Have(i), owner.next());
            BookData book = (BookData) owner.next();
            assertEquals(new BookData(i, bookFilledWith(i, 16384 - i)), book);
            assertTrue(book.data().isDirect());
            book.release();
        }
        assertTrue(pool.idle() >= 1 && pool.idle() <= 100, "every book's buffer given back: " + pool.idle());
        assertEquals(pool.idle(), drain(pool), "and none given twice");
    }

    @Test
    void aMalformedBookClosesTheLinkAndGivesItsBufferBack() throws Exception {
        SocketChannel[] sockets = socketPair();
        BufferPool pool = bookPool(4, 1000);
        RecordingOwner<PeerMessage> owner = new RecordingOwner<>();
        link(sockets[1], PeerCodec.pooling(pool), owner, SETTINGS).start();

        sockets[0].socket().getOutputStream().write(new byte[] {0, 4, 7, 0, 0, 1});

        assertEquals("malformed data from the peer: message 0x7 has a payload of 3 bytes, expected at least 4", owner.awaitClosed());
        assertEquals(1, pool.idle());
    }

    /**
     * Every book buffer is out (the books wait to be written): a book arriving waits, unread,
     * and its reader gives up as soon as the link is closed rather than waiting on.
     */
    @Test
    void aReaderWaitingForABookBufferStopsWhenItsLinkIsClosed() throws Exception {
        SocketChannel[] sockets = socketPair();
        BufferPool pool = bookPool(1, 1);
        BufferPool.Lease heldElsewhere = pool.take(0);
        RecordingOwner<PeerMessage> owner = new RecordingOwner<>();
        Link<PeerMessage> link = link(sockets[1], PeerCodec.pooling(pool), owner, SETTINGS).start();
        link(sockets[0], new RecordingOwner<>(), SETTINGS).start().send(new BookData(1, bookFilledWith(1, 100)));

        Thread.sleep(300);
        assertFalse(owner.hasMessages(), "a book was read with no buffer free");
        link.close("closed by the test");
        owner.awaitReadEnd();
        assertEquals("closed by the test", owner.awaitClosed());
        heldElsewhere.release();
        assertEquals(1, pool.available(), "the reader took a buffer and kept it");
    }

    /** A pool of buffers for whole book payloads of the test links' frames, as a player has. */
    private static BufferPool bookPool(int maxIdle, int maxLeased) {
        return new BufferPool(SETTINGS.maxFrameLength() - 1, maxIdle, maxLeased);
    }

    private static byte[] bookFilledWith(int value, int length) {
        byte[] book = new byte[length];
        Arrays.fill(book, (byte) value);
        return book;
    }

    /** Takes every idle buffer of {@code pool}, counting the distinct ones. */
    private static int drain(BufferPool pool) throws InterruptedException {
        java.util.Set<ByteBuffer> distinct = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int idle = pool.idle(); idle > 0; idle--) {
            distinct.add(pool.take(0).buffer());
        }
        return distinct.size();
    }

    @Test
    void aFrameLongerThanTheBoundClosesTheLinkAsMalformed() throws Exception {
        SocketChannel[] sockets = socketPair();
        RecordingOwner<PeerMessage> owner = new RecordingOwner<>();
        link(sockets[1], owner, SETTINGS).start();

        sockets[0].socket().getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff, 7});

        assertEquals("malformed data from the peer: frame length 65535 exceeds the limit of 16389", owner.awaitClosed());
    }

    @Test
    void anUndecodableMessageClosesTheLinkUnlessTheOwnerKeepsIt() throws Exception {
        SocketChannel[] sockets = socketPair();
        RecordingOwner<PeerMessage> owner = new RecordingOwner<>();
        link(sockets[1], owner, SETTINGS).start();

        sockets[0].socket().getOutputStream().write(new byte[] {0, 1, 9});

        assertEquals("malformed data from the peer: unknown message id 0x9 on a player link", owner.awaitClosed());
        assertEquals(List.of(9), owner.undecodable());
    }

    @Test
    void anOwnerThatKeepsAnUndecodableMessageGetsTheNextOne() throws Exception {
        SocketChannel[] sockets = socketPair();
        RecordingOwner<PeerMessage> owner = new RecordingOwner<>(true);
        Link<PeerMessage> link = link(sockets[1], owner, SETTINGS).start();

        sockets[0].socket().getOutputStream().write(new byte[] {0, 1, 9, 0, 2, 0, 0, 0, 1, 0});

        assertEquals(new Choke(), owner.next());
        assertEquals(List.of(9, 0), owner.undecodable());
        assertTrue(link.isOpen());
    }

    @Test
    void theOwnerHearsOfAPauseAfterTheLastMessageBeforeTheReaderWaitsForMore() throws Exception {
        SocketChannel[] sockets = socketPair();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch pausedAfterTheLast = new CountDownLatch(1);
        LinkOwner<PeerMessage> owner = new LinkOwner<>() {
            @Override
            public void onMessage(Link<PeerMessage> link, PeerMessage message) {
                seen.add(message.toString());
            }

            @Override
            public void onReadPause(Link<PeerMessage> link) {
                if (!seen.isEmpty() && seen.getLast().equals(new Have(2).toString())) {
                    pausedAfterTheLast.countDown();
                }
                seen.add("pause");
            }

            @Override
            public void onClosed(Link<PeerMessage> link, String reason) {
            }
        };
        Link<PeerMessage> link = Link.over(sockets[1], PeerCodec.INSTANCE, owner, SETTINGS, watch);
        resources.add(() -> link.close("test over"));
        link.start();

        // Three haves in one write: an owner that gathers them must be told to pass them on,
        // or they would wait for bytes that never come.
        sockets[0].socket().getOutputStream().write(new byte[] {0, 5, 4, 0, 0, 0, 0, 0, 5, 4, 0, 0, 0, 1, 0, 5, 4, 0, 0, 0, 2});

        assertTrue(pausedAfterTheLast.await(RecordingOwner.PATIENCE.toMillis(), TimeUnit.MILLISECONDS), "seen: " + seen);
        assertEquals("pause", seen.getFirst(), "a pause before the first read, too");
        assertEquals(List.of(new Have(0).toString(), new Have(1).toString(), new Have(2).toString()),
                seen.stream().filter(entry -> !entry.equals("pause")).toList());
    }

    @Test
    void anIdleLinkWritesKeepAlives() throws Exception {
        SocketChannel[] sockets = socketPair();
        link(sockets[1], new RecordingOwner<>(), SETTINGS.withKeepAliveInterval(Duration.ofMillis(20))).start();
        sockets[0].socket().setSoTimeout((int) RecordingOwner.PATIENCE.toMillis());
        InputStream in = sockets[0].socket().getInputStream();

        assertArrayEquals(new byte[] {0, 0, 0, 0}, in.readNBytes(4));
    }

    @Test
    void aSpacedLinkFollowsABurstWithOneKeepAlivePerMessageAndThenGoesQuiet() throws Exception {
        SocketChannel[] sockets = socketPair();
        Link<PeerMessage> link = link(sockets[1], new RecordingOwner<>(), SETTINGS);
        link.spaceMessages(Duration.ofMillis(5));
        link.start();
        link.send(new Choke());
        link.send(new Have(2562));
        link.send(new Request(2562));
        sockets[0].socket().setSoTimeout((int) RecordingOwner.PATIENCE.toMillis());
        InputStream in = sockets[0].socket().getInputStream();

        assertArrayEquals(new byte[] {0, 1, 0, 0, 5, 4, 0, 0, 10, 2, 0, 5, 6, 0, 0, 10, 2, 0, 0, 0, 0, 0, 0},
                in.readNBytes(23));
        // Three owed, three sent: the next keep-alive is the ordinary one, 30 s away.
        sockets[0].socket().setSoTimeout(300);
        assertThrows(java.net.SocketTimeoutException.class, in::read);
    }

    @Test
    void aLinkThatHearsNothingClosesAfterTheIdleTimeout() throws Exception {
        SocketChannel[] sockets = socketPair();
        RecordingOwner<PeerMessage> owner = new RecordingOwner<>();
        link(sockets[1], owner, SETTINGS.withIdleTimeout(Duration.ofMillis(100))).start();

        assertTrue(owner.awaitClosed().startsWith("nothing received for "), owner.awaitClosed());
    }

    @Test
    void trafficKeepsALinkOpenPastItsIdleTimeout() throws Exception {
        SocketChannel[] sockets = socketPair();
        RecordingOwner<PeerMessage> owner = new RecordingOwner<>();
        Duration idle = Duration.ofMillis(600);
        Link<PeerMessage> link = link(sockets[1], owner, SETTINGS.withIdleTimeout(idle)).start();

        // Three idle timeouts long, a message every tenth of one: every one must arrive.
        for (int i = 0; i < 30; i++) {
            sockets[0].socket().getOutputStream().write(new byte[] {0, 5, 4, 0, 0, 0, (byte) i});
            assertEquals(new Have(i), owner.next());
            Thread.sleep(idle.dividedBy(10));
        }
        assertTrue(link.isOpen());
    }

    @Test
    void theWatchForgetsClosedLinks() throws Exception {
        SocketChannel[] sockets = socketPair();
        RecordingOwner<PeerMessage> owner = new RecordingOwner<>();
        Link<PeerMessage> link = link(sockets[1], owner, SETTINGS).start();
        assertEquals(1, watch.watched());

        link.close("done");
        owner.awaitClosed();

        assertEquals(0, watch.watched());
    }

    @Test
    void aPeerThatDoesNotReadGetsItsLinkClosedInsteadOfAGrowingQueue() throws Exception {
        SocketChannel[] sockets = socketPair();
        RecordingOwner<PeerMessage> owner = new RecordingOwner<>();
        LinkSettings tiny = new LinkSettings(SETTINGS.maxFrameLength(), 4, SETTINGS.keepAliveInterval(),
                SETTINGS.idleTimeout(), 1024);
        Link<PeerMessage> link = link(sockets[1], owner, tiny).start();

        // The peer reads nothing: socket buffers fill, the writer blocks, then the queue fills.
        int sent = 0;
        while (link.send(new BookData(sent, new byte[60_000]))) {
            sent++;
            assertTrue(sent < 100_000, "the queue never filled");
            assertTrue(link.queued() <= 4);
        }

        assertEquals("send queue full: the peer is not reading", owner.awaitClosed());
        assertEquals(1, owner.closings());
    }
}
