package netd.player.core;

import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.testing.TestStuff;
import netd.common.wire.PeerMessage.Handshake;
import netd.common.wire.PeerMessage.Interested;
import netd.player.choke.ChokingRounds;
import netd.player.pick.BookPicker;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static netd.player.core.TestPlayers.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The choking round as the core runs it: which rate earns a downloader its slot. */
class UnchokingTest {
    private static final int BOOKS = 8;
    private static final int MAX_UPLOADS = 1;

    private final Library library = TestStuff.library(TestStuff.bytes(BOOKS * 1024), 1024);
    private final FakeLinks links = new FakeLinks(10);
    private final Outbox<String> outbox = new Outbox<>(links);
    private final List<Remote<String>> remotes = new ArrayList<>();
    private final Map<PlayerId, Remote<String>> downloads = new HashMap<>();
    private final InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(1_000_000));

    @Test
    void aLeecherUnchokesTheDownloaderItReceivesMostFromOnItsOwnDownloadLink() {
        BookPicker picker = new BookPicker(BOOKS, TestPlayers.firstBooks(BOOKS / 2));
        Uploading uploading = uploading(picker);
        Unchoking<String> unchoking = new Unchoking<>(new ChokingRounds<>(MAX_UPLOADS, Duration.ofSeconds(10), clock), uploading,
                playerId -> false);
        // The first two interested take the free slots at once (MAX_UPLOADS + the optimistic one).
        for (char who : new char[] {'a', 'b', 'c', 'd'}) {
            interested(uploading, who);
        }
        assertFalse(downloader('d').weUnchoke);
        downloadLink('d').bytesReceived = 1 << 20;
        downloadLink('c').bytesReceived = 1 << 10;

        unchoking.round(remotes, downloads, false, new SplittableRandom(1));
        assertTrue(downloader('d').weUnchoke, "the one that sent this player most earns the slot");
        assertEquals(MAX_UPLOADS + 1, remotes.stream().filter(r -> r.downloader != null && r.downloader.weUnchoke).count(),
                "its slot and the optimistic one");
        assertEquals((1 << 20) / 2, downloadLink('d').receiving.perRound(), "the round's bytes, halved with the rate before");
    }

    @Test
    void aSeederRatesDownloadersByWhatItSentThem() {
        BookPicker picker = new BookPicker(BOOKS, TestPlayers.firstBooks(BOOKS));
        Uploading uploading = uploading(picker);
        Unchoking<String> unchoking = new Unchoking<>(new ChokingRounds<>(MAX_UPLOADS, Duration.ofSeconds(10), clock), uploading,
                playerId -> false);
        interested(uploading, 'a');
        Remote<String> a = uploadLink('a');
        a.bytesSent = 4000;
        unchoking.round(remotes, downloads, true, new SplittableRandom(1));
        assertEquals(2000, a.sending.perRound());
        assertTrue(a.downloader.weUnchoke, "the only interested downloader has its turn");
    }

    @Test
    void aRefusalTakesBackAnUnearnedSlotButNotTheOptimisticUnchoke() {
        BookPicker picker = new BookPicker(BOOKS, TestPlayers.firstBooks(BOOKS / 2));
        Set<PlayerId> refused = new HashSet<>();
        Uploading uploading = new Uploading(library, id('o'), picker, MAX_UPLOADS, null, playerId -> false, refused::contains,
                new SplittableRandom(2));
        Unchoking<String> unchoking = new Unchoking<>(new ChokingRounds<>(MAX_UPLOADS, Duration.ofSeconds(10), clock), uploading,
                refused::contains);
        interested(uploading, 'a');
        interested(uploading, 'b');
        unchoking.round(remotes, downloads, false, new SplittableRandom(1));
        assertTrue(downloader('a').weUnchoke && downloader('b').weUnchoke, "the unearned slot and the optimistic one");
        refused.add(id('a'));
        unchoking.refusedOurDial(uploadLink('a'));
        refused.add(id('b'));
        unchoking.refusedOurDial(uploadLink('b'));
        assertEquals(1, remotes.stream().filter(r -> r.downloader != null && r.downloader.weUnchoke).count(),
                "the optimistic unchoke keeps its turn; the unearned slot is taken back");
    }

    private Uploading uploading(BookPicker picker) {
        return new Uploading(library, id('o'), picker, MAX_UPLOADS, null, playerId -> false, playerId -> false, new SplittableRandom(2));
    }

    /** An upload link from {@code who}, handshake accepted, interested; and a download link to it. */
    private void interested(Uploading uploading, char who) {
        Remote<String> up = remote("up-" + who, Role.UPLOAD, null);
        up.downloader = uploading.opened(up, 0);
        uploading.received(up.downloader, new Handshake(id(who), library.infoHash()));
        uploading.received(up.downloader, new Interested());
        Remote<String> down = remote("down-" + who, Role.DOWNLOAD, id(who));
        downloads.put(id(who), down);
    }

    private Remote<String> remote(String name, Role role, PlayerId playerId) {
        links.open.add(name);
        Remote<String> remote = new Remote<>(name, role, new InetSocketAddress("127.0.0.1", 7000 + remotes.size()), playerId, 0,
                outbox);
        remotes.add(remote);
        return remote;
    }

    private Remote<String> uploadLink(char who) {
        return remotes.stream().filter(r -> r.link.equals("up-" + who)).findFirst().orElseThrow();
    }

    private Downloader downloader(char who) {
        return uploadLink(who).downloader;
    }

    private Remote<String> downloadLink(char who) {
        return downloads.get(id(who));
    }
}
