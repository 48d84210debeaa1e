package netd.player.core;

import netd.common.id.Bytes20;
import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.library.NetdInfo;
import netd.common.library.StuffLayout;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.Bitfield;
import netd.common.wire.PeerMessage.Choke;
import netd.common.wire.PeerMessage.Handshake;
import netd.common.wire.PeerMessage.Have;
import netd.common.wire.PeerMessage.Interested;
import netd.common.wire.PeerMessage.NotInterested;
import netd.common.wire.PeerMessage.Request;
import netd.common.wire.PeerMessage.Unchoke;
import netd.player.PlayerTuning;
import netd.player.pick.BookPicker;
import netd.player.upload.InitialSeeding;
import netd.player.upload.ServeQueue;
import netd.player.upload.ServeQueue.Serve;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The upload side's rules as stories; {@code UploadingFuzzTest} checks the same rules against any sequence. */
class UploadingTest {
    private static final int BOOKS = 4;
    private static final int BOOK_SIZE = 16384;
    private static final PlayerId OURS = id("-ND0100-000000000001");
    private static final PlayerId THEIRS = id("-ND0100-000000000002");

    private final Library library = new Library(new HostPort("127.0.0.1", 6969), "stuff", (long) BOOKS * BOOK_SIZE,
            BOOK_SIZE, new byte[BOOKS * Library.HASH_LENGTH], null, null, InfoHash.of(new byte[20]));
    /** Books 0 and 1 are held and verified; 2 and 3 are not. */
    private final BookPicker picker = new BookPicker(BOOKS, BitSet.valueOf(new long[] {0b0011}));
    private final Uploading uploading = new Uploading(library, OURS, picker, 1, null, id -> false, id -> false, new SplittableRandom(1));

    @Test
    void aHandshakeForAnotherStuffOrWithOurOwnIdClosesTheLink() {
        Wire other = new Wire();
        uploading.received(uploading.opened(other, 0), new Handshake(THEIRS, InfoHash.of(filled(7))));
        Wire mirror = new Wire();
        uploading.received(uploading.opened(mirror, 0), new Handshake(OURS, library.infoHash()));

        assertTrue(other.closed && other.sent.isEmpty());
        assertTrue(mirror.closed && mirror.sent.isEmpty());
    }

    @Test
    void anOriginalPlayerIsRefusedOnANetdLibraryAndWelcomeOnAnOriginalOne() {
        PlayerId original = id("-RO0101-7ec7150dddf3");
        Library netd = NetdInfo.create(new HostPort("127.0.0.1", 6969), "stuff", StuffLayout.file((long) BOOKS * BOOK_SIZE),
                BOOK_SIZE, new byte[BOOKS * Library.HASH_LENGTH], null, null);
        Uploading onNetd = new Uploading(netd, OURS, picker, 1, null, id -> false, id -> false, new SplittableRandom(1));
        Wire refused = new Wire();
        assertFalse(onNetd.received(onNetd.opened(refused, 0), new Handshake(original, netd.infoHash())));
        assertTrue(refused.closed && refused.sent.isEmpty(), "closed before anything was sent");
        Wire netdPlayer = new Wire();
        assertTrue(onNetd.received(onNetd.opened(netdPlayer, 0), new Handshake(THEIRS, netd.infoHash())));

        Wire welcome = new Wire();
        assertTrue(uploading.received(uploading.opened(welcome, 0), new Handshake(original, library.infoHash())));
        assertFalse(welcome.closed);
    }

    @Test
    void anAcceptedDownloaderGetsTheBitfieldFirstAndASlotWhenInterested() {
        Wire wire = new Wire();
        Downloader downloader = uploading.opened(wire, 0);

        assertTrue(uploading.received(downloader, new Handshake(THEIRS, library.infoHash())));
        uploading.received(downloader, new Interested());

        assertEquals(THEIRS, wire.accepted);
        assertEquals(2, wire.sent.size());
        Bitfield bitfield = (Bitfield) wire.sent.getFirst();
        assertEquals(BitSet.valueOf(new long[] {0b0011}), bitfield.toBooks(BOOKS));
        assertEquals(new Unchoke(), wire.sent.get(1));
    }

    @Test
    void aSeederUnchokesHalfItsInterestedDownloadersUpToFourTimesALeechersSlots() {
        int books = 8;
        Uploading seeder = seeder(books); // --max-uploads 1: a leecher unchokes 2, a seeder 2 to 8
        List<Wire> wires = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Wire wire = new Wire();
            seeder.received(acceptedBy(seeder, books, wire), new Interested());
            wires.add(wire);
            if (i == 9) {
                assertEquals(5, wires.stream().filter(w -> w.sent.contains(new Unchoke())).count(), "half of 10");
            }
        }
        assertEquals(8, wires.stream().filter(wire -> wire.sent.contains(new Unchoke())).count(), "at most 4 x 2 of 20");

        List<Wire> leechersWires = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Wire wire = new Wire();
            uploading.received(accepted(wire), new Interested());
            leechersWires.add(wire);
        }
        assertEquals(2, leechersWires.stream().filter(wire -> wire.sent.contains(new Unchoke())).count(),
                "a leecher (it lacks books) unchokes --max-uploads + 1");
    }

    @Test
    void whileDownloadingAFreeSlotGoesToNoDownloaderThatRefusedOurDialAndASeederServesIt() {
        PlayerId refuser = id("-ND0100-00000000000r");
        Set<PlayerId> refused = Set.of(refuser);
        Uploading leecher = new Uploading(library, OURS, picker, 1, null, id -> false, refused::contains, new SplittableRandom(1));
        Wire refusing = new Wire();
        leecher.received(acceptedBy(leecher, refusing, refuser), new Interested());
        assertFalse(refusing.sent.contains(new Unchoke()), "both slots free, but it gives nothing back");
        Wire other = new Wire();
        leecher.received(acceptedBy(leecher, other, THEIRS), new Interested());
        assertTrue(other.sent.contains(new Unchoke()));

        BitSet all = new BitSet();
        all.set(0, BOOKS);
        Uploading seeder = new Uploading(library, OURS, new BookPicker(BOOKS, all), 1, null, id -> false, refused::contains,
                new SplittableRandom(1));
        Wire servedBySeeder = new Wire();
        seeder.received(acceptedBy(seeder, servedBySeeder, refuser), new Interested());
        assertTrue(servedBySeeder.sent.contains(new Unchoke()), "a seeder has no optimistic unchoke: it serves it when free");
    }

    @Test
    void aDownloaderWhoseAddressRefusesOurDialLosesItsSlotToOneThatWaits() {
        PlayerId refuser = id("-ND0100-00000000000r");
        PlayerId third = id("-ND0100-000000000003");
        Set<PlayerId> refused = new HashSet<>();
        Uploading leecher = new Uploading(library, OURS, picker, 1, null, id -> false, refused::contains, new SplittableRandom(1));
        Wire first = new Wire();
        Downloader refusing = acceptedBy(leecher, first, refuser);
        leecher.received(refusing, new Interested());
        Wire second = new Wire();
        leecher.received(acceptedBy(leecher, second, THEIRS), new Interested());
        Wire waiting = new Wire();
        leecher.received(acceptedBy(leecher, waiting, third), new Interested());
        assertTrue(first.sent.contains(new Unchoke()), "no evidence against it yet: it took a free slot");
        assertFalse(waiting.sent.contains(new Unchoke()), "both slots taken");

        refused.add(refuser);
        leecher.refusedOurDial(refusing);
        assertEquals(new Choke(), first.sent.getLast());
        assertFalse(refusing.weUnchoke);
        assertEquals(new Unchoke(), waiting.sent.getLast(), "its slot went to the one that waited");
    }

    @Test
    void onlyHeldBooksAreServedAndOnlyWhileUnchoked() {
        Wire wire = new Wire();
        Downloader downloader = accepted(wire);
        uploading.received(downloader, new Request(0)); // choked: not served
        uploading.received(downloader, new Interested());
        uploading.received(downloader, new Request(2)); // not held: not served
        uploading.received(downloader, new Request(1));

        Serve<Downloader> serve = uploading.nextServe(0);
        assertEquals(new Serve<>(downloader, 1), serve);
        assertNull(uploading.nextServe(0));
        assertFalse(wire.closed);
    }

    @Test
    void aChokeDropsTheRequestsStillWaiting() {
        Wire wire = new Wire();
        Downloader downloader = accepted(wire);
        uploading.received(downloader, new Interested());
        uploading.received(downloader, new Request(0));
        uploading.received(downloader, new Request(1));

        uploading.choke(downloader);

        assertNull(uploading.nextServe(0));
        assertEquals(new Choke(), wire.sent.getLast());
    }

    @Test
    void aSeederOffersAChokedDownloaderOneBookABatchWhenItUnchokesItAndOneMoreForEachBookServed() {
        int books = 4 * PlayerTuning.OFFERED_AHEAD;
        Uploading seeder = seeder(books);
        Wire wire = new Wire();
        Downloader downloader = acceptedBy(seeder, books, wire);
        BitSet offered = ((Bitfield) wire.sent.getFirst()).toBooks(books);
        assertEquals(PlayerTuning.OFFERED_TO_CHOKED, offered.cardinality(), "not the whole stuff");

        seeder.received(downloader, new Interested());
        assertEquals(new Unchoke(), wire.sent.getLast());
        offered.or(haves(wire.sent));
        assertEquals(PlayerTuning.OFFERED_AHEAD, offered.cardinality(), "told of a batch before the unchoke");

        seeder.received(downloader, new Request(offered.nextSetBit(0)));
        assertEquals(new Serve<>(downloader, offered.nextSetBit(0)), seeder.nextServe(0));
        Have next = (Have) wire.sent.getLast();
        assertFalse(offered.get(next.index()), "a book not offered before");
    }

    @Test
    void aSeederTellsADownloaderThatStaysNotInterestedOfABookATickWhileSomeAreNotOutThenOfTheRestABatchAtATime() {
        int books = 3 * PlayerTuning.TOLD_AT_ONCE;
        Uploading seeder = seeder(books);
        Wire wire = new Wire();
        Downloader downloader = acceptedBy(seeder, books, wire);
        seeder.received(downloader, new NotInterested());
        seeder.offerSated();
        assertEquals(2, haves(wire.sent).cardinality(), "after the bitfield's book, one when it said so and one at the tick");

        servedEveryBookOnce(seeder, books);
        int before = wire.sent.size();
        wire.queued = PlayerTuning.MAX_QUEUED_FOR_SERVING;
        seeder.offerSated();
        assertEquals(before, wire.sent.size(), "nothing while its link is backed up");
        wire.queued = 0;
        seeder.offerSated();
        assertEquals(PlayerTuning.TOLD_AT_ONCE, wire.sent.size() - before, "never more at once than a link's queue has room for");
    }

    @Test
    void aSeederTellsAnUnchokedDownloaderThatAsksForNothingOfMoreAtTheNextTick() {
        int books = 4 * PlayerTuning.OFFERED_AHEAD;
        Uploading seeder = seeder(books);
        Wire wire = new Wire();
        Downloader downloader = acceptedBy(seeder, books, wire);
        seeder.received(downloader, new Interested());
        BitSet offered = haves(wire.sent);
        offered.or(((Bitfield) wire.sent.getFirst()).toBooks(books));
        seeder.received(downloader, new Request(offered.nextSetBit(0)));
        seeder.nextServe(0);
        int before = wire.sent.size();
        seeder.offerSated();
        assertEquals(before, wire.sent.size(), "served since the last tick: nothing more");
        seeder.offerSated();
        assertEquals(PlayerTuning.OFFERED_AHEAD, wire.sent.size() - before,
                "unchoked, interested and asking nothing: a batch of books not out yet");

        servedEveryBookOnce(seeder, books);
        seeder.offerSated();
        BitSet heard = haves(wire.sent);
        heard.or(offered);
        assertEquals(books, heard.cardinality(), "every book is out: it hears of every book");
    }

    /** Another downloader of {@code seeder} asks for every book and is served it: each has a copy out. */
    private static void servedEveryBookOnce(Uploading seeder, int books) {
        Wire wire = new Wire();
        Downloader taker = acceptedBy(seeder, books, wire);
        seeder.received(taker, new Interested());
        for (int book = 0; book < books; book++) {
            seeder.received(taker, new Request(book));
            assertEquals(new Serve<>(taker, book), seeder.nextServe(0));
        }
        seeder.received(taker, new NotInterested());
    }

    /** The books told of by haves among {@code sent}. */
    private static BitSet haves(List<PeerMessage> sent) {
        BitSet books = new BitSet();
        sent.stream().filter(m -> m instanceof Have).forEach(m -> books.set(((Have) m).index()));
        return books;
    }

    @Test
    void requestsBeyondTheBoundAreDroppedAndOneOutOfRangeClosesTheLink() {
        Wire wire = new Wire();
        Downloader downloader = accepted(wire);
        uploading.received(downloader, new Interested());
        for (int i = 0; i < PlayerTuning.MAX_WAITING_REQUESTS * 3; i++) {
            uploading.received(downloader, new Request(i % 2));
        }
        int queued = 0;
        while (uploading.nextServe(0) != null) {
            queued++;
        }
        assertEquals(PlayerTuning.MAX_WAITING_REQUESTS, queued);

        uploading.received(downloader, new Request(BOOKS));
        assertTrue(wire.closed);
    }

    @Test
    void aRequestOnABackedUpLinkWaitsForItToDrainAndIsThenServed() {
        Wire wire = new Wire();
        Downloader downloader = accepted(wire);
        uploading.received(downloader, new Interested());
        wire.queued = PlayerTuning.MAX_QUEUED_FOR_SERVING;
        uploading.received(downloader, new Request(1));

        assertNull(uploading.nextServe(0), "a book was sent to a link that is backed up");
        assertEquals(PlayerTuning.RECHECK_MILLIS, uploading.millisUntilNextServe(0));
        wire.queued = PlayerTuning.MAX_QUEUED_FOR_SERVING - 1;
        assertEquals(new Serve<>(downloader, 1), uploading.nextServe(2), "the request was lost");
    }

    /**
     * A hostile downloader asks for one book {@link netd.player.PlayerTuning#MAX_WAITING_REQUESTS} times and
     * never reads: with 16 MiB books it is sent one, not 256 (4 GiB held in its link), and its
     * other requests wait until the link has written what it holds.
     */
    @Test
    void aDownloaderThatDoesNotReadIsSentLargeBooksOnlyUpToTheByteBound() {
        int bookSize = 16 << 20;
        Library netd = netdLibrary(bookSize);
        Uploading onNetd = new Uploading(netd, OURS, picker, 1, null, id -> false, id -> false, new SplittableRandom(1));
        Wire wire = new Wire();
        Downloader downloader = askedForEverythingAndServed(netd, onNetd, wire);

        assertEquals(bookSize, wire.unwrittenBookBytes, "books held for a downloader that does not read");
        assertTrue(wire.unwrittenBookBytes < PlayerTuning.MAX_UNWRITTEN_BOOK_BYTES + bookSize);
        assertEquals(PlayerTuning.RECHECK_MILLIS, onNetd.millisUntilNextServe(0));
        wire.queued = 0;
        wire.unwrittenBookBytes = 0;
        assertEquals(new Serve<>(downloader, 1), onNetd.nextServe(2), "the requests were lost");
    }

    /** With 16 KiB books the byte bound lets as many books wait in a link as the bound in messages does. */
    @Test
    void smallBooksFillALinkUpToTheBoundInMessagesAsBefore() {
        Wire wire = new Wire();
        Library netd = netdLibrary(BOOK_SIZE);
        askedForEverythingAndServed(netd, new Uploading(netd, OURS, picker, 1, null, id -> false, id -> false, new SplittableRandom(1)), wire);

        assertEquals(PlayerTuning.MAX_QUEUED_FOR_SERVING, wire.queued);
        assertEquals((long) PlayerTuning.MAX_QUEUED_FOR_SERVING * BOOK_SIZE, wire.unwrittenBookBytes);
    }

    private static Library netdLibrary(int bookSize) {
        return NetdInfo.create(new HostPort("127.0.0.1", 6969), "stuff", StuffLayout.file((long) BOOKS * bookSize),
                bookSize, new byte[BOOKS * Library.HASH_LENGTH], null, null);
    }

    /**
     * A downloader of {@code onNetd}, the uploader of {@code netd}, that asks for book 1 {@link netd.player.PlayerTuning#MAX_WAITING_REQUESTS}
     * times and never reads, served as the manager serves (each book queued on its link) until
     * the uploader sends it no more.
     */
    private static Downloader askedForEverythingAndServed(Library netd, Uploading onNetd, Wire wire) {
        Downloader downloader = onNetd.opened(wire, 0);
        onNetd.received(downloader, new Handshake(THEIRS, netd.infoHash()));
        onNetd.received(downloader, new Interested());
        for (int i = 0; i < PlayerTuning.MAX_WAITING_REQUESTS; i++) {
            onNetd.received(downloader, new Request(1));
        }
        Serve<Downloader> serve;
        while ((serve = onNetd.nextServe(0)) != null) {
            wire.queued++;
            wire.unwrittenBookBytes += netd.bookLength(serve.index());
        }
        return downloader;
    }

    /** A library of {@code books} books of BOOK_SIZE; every one has the same info hash. */
    private static Library library(int books) {
        return new Library(new HostPort("127.0.0.1", 6969), "stuff", (long) books * BOOK_SIZE, BOOK_SIZE,
                new byte[books * Library.HASH_LENGTH], null, null, InfoHash.of(new byte[20]));
    }

    /** The upload side of a player that started with every one of {@code books} books: it seeds initially. */
    private static Uploading seeder(int books) {
        BitSet all = new BitSet();
        all.set(0, books);
        return new Uploading(library(books), OURS, new BookPicker(books, all), 1, null, id -> false, id -> false, new SplittableRandom(1));
    }

    private static Downloader acceptedBy(Uploading seeder, int books, Wire wire) {
        Downloader downloader = seeder.opened(wire, 0);
        seeder.received(downloader, new Handshake(THEIRS, library(books).infoHash()));
        return downloader;
    }

    private static Downloader acceptedBy(Uploading uploading, Wire wire, PlayerId who) {
        Downloader downloader = uploading.opened(wire, 0);
        uploading.received(downloader, new Handshake(who, InfoHash.of(new byte[20])));
        return downloader;
    }

    private Downloader accepted(Wire wire) {
        Downloader downloader = uploading.opened(wire, 0);
        uploading.received(downloader, new Handshake(THEIRS, library.infoHash()));
        return downloader;
    }

    private static PlayerId id(String text) {
        return PlayerId.of(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[Bytes20.LENGTH];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** An upload link that records what is sent on it. */
    private static final class Wire implements Downloader.Wire {
        final List<PeerMessage> sent = new ArrayList<>();
        /** Messages waiting in the link, as the test sets them. */
        int queued;
        /** Bytes of books in the link not yet written, as the test sets them. */
        long unwrittenBookBytes;
        PlayerId accepted;
        boolean closed;

        @Override
        public boolean send(PeerMessage message) {
            sent.add(message);
            return !closed;
        }

        @Override
        public void close(String reason) {
            closed = true;
        }

        @Override
        public void accepted(PlayerId id) {
            accepted = id;
        }

        @Override
        public int queued() {
            return queued;
        }

        @Override
        public long unwrittenBookBytes() {
            return unwrittenBookBytes;
        }
    }
}
