package netd.player.core;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.testing.TestStuff;
import netd.common.wire.HubMessage.PlayerEntry;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.Bitfield;
import netd.common.wire.PeerMessage.BookData;
import netd.common.wire.PeerMessage.Choke;
import netd.common.wire.PeerMessage.Handshake;
import netd.common.wire.PeerMessage.Have;
import netd.common.wire.PeerMessage.Interested;
import netd.common.wire.PeerMessage.NotInterested;
import netd.common.wire.PeerMessage.Request;
import netd.common.wire.PeerMessage.Unchoke;
import netd.player.PlayerSettings;
import netd.player.Progress;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static netd.player.core.TestPlayers.id;

/**
 * The whole {@link PlayerCore} over random sequences of every event it takes, fed as the
 * {@link netd.player.peer.PlayerConnectionManager} feeds it: links opening both ways and closing from either
 * side (a link the core closes reports Closed afterwards, as a real one does), dials that open,
 * fail or find no slot, anything a peer may send on either kind of link, books that verify or
 * not, writes that succeed or fail, the hub's lists, room wanted, backed-up links and time
 * passing, each event followed by the time, as the manager's loop does; then a stop.
 *
 * <p>Checked on every action: a book is served only if held (initially or written) and only on
 * an open upload link whose downloader is unchoked; a book is written only if it arrived
 * verified, was not held and is not being written; nothing is sent on a closed link; a dial
 * only into a free slot; completion is said once, and only when every book is held. Checked
 * after every event: at most --max-uploads + 1 downloaders unchoked, and the connection
 * slots taken never more than --max-connections. At the end, once every close is reported,
 * every slot taken is given back. Nothing may throw.
 */
class PlayerCoreFuzzTest {
    private static final int MAX_BOOKS = 40;
    private static final int BOOK_SIZE = 64;
    private static final int MAX_LINKS = 8;

    static {
        // Bans, refused links and failed writes are logged: at fuzzing speed that is all the fuzzer would do.
        QuietLogs.off(PlayerCore.class, Downloading.class, Uploading.class);
    }

    @FuzzTest
    void eventSequence(FuzzedDataProvider data) {
        new Player(data).run();
    }

    /** One player's core, and the world around it as the manager would carry out its actions. */
    private static final class Player {
        private final FuzzedDataProvider data;
        private final int books;
        private final byte[] stuff;
        private final Library library;
        private final int maxUploads;
        private final int maxConnections;
        private final PlayerCore<String> core;
        /** The links' state as the test carries out the core's actions on them. */
        private final FakeLinks links = new FakeLinks(0);
        private final Map<String, Role> roles = new LinkedHashMap<>();
        private final Set<String> unchoked = new HashSet<>();
        /** Held and verified: at start, and each book whose write the test reported. */
        private final BitSet held;
        /** The books the core said to write, not yet reported written or failed. */
        private final List<Integer> writing = new ArrayList<>();
        /** The arrivals handed to the core as verified. */
        private final Set<BookData> verifiedArrivals = Collections.newSetFromMap(new IdentityHashMap<>());
        /** Dials the core asked for and the test has not yet answered. */
        private final List<PlayerEntry> dials = new ArrayList<>();
        /** Links the core closed, whose Closed report is still to come. */
        private final ArrayDeque<String> closing = new ArrayDeque<>();
        private int slotsTaken;
        private int linksMade;
        private boolean completedSaid;
        private boolean unneededSaid;
        private long now = 1_000_000;

        Player(FuzzedDataProvider data) {
            this.data = data;
            this.books = data.consumeInt(1, MAX_BOOKS);
            this.stuff = TestStuff.bytes(books * BOOK_SIZE - data.consumeInt(0, BOOK_SIZE - 1));
            this.library = TestStuff.library(stuff, BOOK_SIZE);
            this.held = new BitSet();
            int share = data.consumeInt(0, 3);
            for (int i = 0; i < books; i++) {
                if (share == 3 || data.consumeInt(0, 2) < share) {
                    held.set(i);
                }
            }
            this.maxUploads = data.consumeInt(1, 4);
            this.maxConnections = data.consumeInt(1, MAX_LINKS);
            PlayerSettings settings = new PlayerSettings(id('o'), library, Path.of("unused"), Path.of("unused"), false, null,
                    40_000, 0, false, maxUploads, data.consumeInt(1, 4), maxConnections, data.consumeInt(1, 8),
                    data.consumeBoolean() ? 0 : data.consumeLong(1, 1 << 20), Duration.ofSeconds(data.consumeInt(1, 20)),
                    null, null, false);
            this.core = new PlayerCore<>(settings, (BitSet) held.clone(), 40_000, new Progress(stuff.length, books),
                    new SplittableRandom(data.consumeLong()), links, now);
            this.completedSaid = held.cardinality() == books;
        }

        void run() {
            handle(new CoreEvent.Started<>());
            while (data.remainingBytes() > 0) {
                step();
                handle(new CoreEvent.TimePassed<>());
                checkState();
            }
            handle(new CoreEvent.Stop<>());
            reportCloses();
            assertEquals(dials.size(), slotsTaken, "once every link is closed, only dials under way hold slots");
        }

        private void step() {
            switch (data.consumeInt(0, 11)) {
                case 0 -> inbound();
                case 1 -> answerDial();
                case 2, 3, 4 -> {
                    String link = anyLink();
                    if (link != null) {
                        handle(new CoreEvent.Received<>(link, message()));
                    }
                }
                case 5 -> bookArrives();
                case 6 -> {
                    String link = anyLink();
                    if (link != null && links.open.remove(link)) {
                        // Dropped from the other side: the link reports it.
                        handle(new CoreEvent.Closed<>(link, netd.common.link.Link.PEER_CLOSED));
                    }
                }
                case 7 -> writeDone(data.consumeBoolean());
                case 8 -> handle(new CoreEvent.HubListed<>(hubList()));
                case 9 -> handle(new CoreEvent.RoomWanted<>());
                case 10 -> now += data.consumeInt(0, 130_000);
                default -> {
                    String link = anyLink();
                    if (link != null) {
                        links.queued.put(link, data.consumeInt(0, 300));
                    }
                }
            }
            reportCloses();
        }

        private void inbound() {
            if (slotsTaken >= maxConnections) {
                handle(new CoreEvent.RoomWanted<>());
                return;
            }
            slotsTaken++;
            String link = "in" + linksMade++;
            openLink(link, Role.UPLOAD);
            handle(new CoreEvent.Opened<>(link, Role.UPLOAD, new InetSocketAddress("127.0.0." + data.consumeInt(1, 9),
                    50_000 + linksMade), null, now));
        }

        private void answerDial() {
            if (dials.isEmpty()) {
                return;
            }
            PlayerEntry dial = dials.remove(data.consumeInt(0, dials.size() - 1));
            switch (data.consumeInt(0, 2)) {
                case 0 -> {
                    String link = "out" + linksMade++;
                    openLink(link, Role.DOWNLOAD);
                    handle(new CoreEvent.Opened<>(link, Role.DOWNLOAD, new InetSocketAddress(dial.ip(), (int) dial.port()),
                            dial.playerId(), now));
                }
                case 1 -> {
                    slotsTaken--;
                    handle(new CoreEvent.DialFailed<>(dial, "Connection refused"));
                }
                default -> {
                    slotsTaken--;
                    handle(new CoreEvent.DialRefused<>(dial));
                }
            }
        }

        private PeerMessage message() {
            int index = data.consumeInt(0, books + 1);
            return switch (data.consumeInt(0, 7)) {
                case 0 -> new Handshake(id((char) ('a' + data.consumeInt(0, 5))),
                        data.consumeInt(0, 5) == 0 ? InfoHash.of(new byte[20]) : library.infoHash());
                case 1 -> new Interested();
                case 2 -> new NotInterested();
                case 3 -> new Request(index);
                case 4 -> new Bitfield(data.consumeBytes(data.consumeBoolean() ? Bitfield.byteCount(books)
                        : data.consumeInt(0, Bitfield.byteCount(books) + 1)));
                case 5 -> new Have(index);
                case 6 -> new Unchoke();
                default -> new Choke();
            };
        }

        private void bookArrives() {
            String link = anyLink();
            if (link == null) {
                return;
            }
            int index = data.consumeInt(0, books - 1);
            BookData book = new BookData(index, ByteBuffer.wrap(stuff, (int) library.bookOffset(index), library.bookLength(index)));
            // The link's reader checks the SHA-1; a liar's book fails it.
            boolean verified = data.consumeBoolean();
            if (verified) {
                verifiedArrivals.add(book);
            }
            handle(new CoreEvent.BookArrived<>(link, book, verified));
        }

        private void writeDone(boolean success) {
            if (writing.isEmpty()) {
                return;
            }
            int index = writing.remove(data.consumeInt(0, writing.size() - 1));
            if (success) {
                held.set(index);
                handle(new CoreEvent.Written<>(new int[] {index}));
            } else {
                handle(new CoreEvent.WriteFailed<>(index, new java.io.IOException("disk full")));
            }
        }

        private List<PlayerEntry> hubList() {
            List<PlayerEntry> entries = new ArrayList<>();
            int count = data.consumeInt(0, 6);
            for (int i = 0; i < count; i++) {
                char who = (char) ('a' + data.consumeInt(0, 7));
                entries.add(new PlayerEntry(id(who), data.consumeInt(0, 7) == 0 ? "not.an.ip" : "127.0.0." + (who - 'a' + 1),
                        data.consumeInt(0, 7) == 0 ? 40_000 : 6000 + who, false));
            }
            return entries;
        }

        private String anyLink() {
            if (links.open.isEmpty()) {
                return null;
            }
            List<String> open = new ArrayList<>(links.open);
            Collections.sort(open);
            return open.get(data.consumeInt(0, open.size() - 1));
        }

        private void openLink(String link, Role role) {
            links.open.add(link);
            roles.put(link, role);
        }

        /** Closes the core asked for reach it afterwards, as a real link's Closed event does. */
        private void reportCloses() {
            while (!closing.isEmpty()) {
                handle(new CoreEvent.Closed<>(closing.poll(), "closed"));
            }
        }

        private void handle(CoreEvent<String> event) {
            links.freeSlots = maxConnections - slotsTaken;
            for (CoreAction<String> action : core.handle(event, now)) {
                carryOut(action);
            }
            checkState();
        }

        private void carryOut(CoreAction<String> action) {
            switch (action) {
                case CoreAction.Send<String>(String link, PeerMessage message) -> {
                    assertTrue(links.open.contains(link), "sent " + message + " on closed link " + link);
                    if (message instanceof Unchoke) {
                        unchoked.add(link);
                    } else if (message instanceof Choke) {
                        unchoked.remove(link);
                    }
                }
                case CoreAction.SendBook<String>(String link, int index) -> {
                    assertTrue(held.get(index), "served book " + index + ", which it does not hold");
                    assertTrue(links.open.contains(link), "served a book on closed link " + link);
                    assertEquals(Role.UPLOAD, roles.get(link), "served a book on a download link");
                    assertTrue(unchoked.contains(link), "served a book to a choked downloader");
                }
                case CoreAction.Close<String>(String link, String reason) -> {
                    if (links.open.remove(link)) {
                        closing.add(link);
                    }
                }
                case CoreAction.SpaceMessages<String> space -> {
                }
                case CoreAction.FreeSlot<String> free -> {
                    slotsTaken--;
                    assertTrue(slotsTaken >= dials.size(), "a slot freed twice");
                }
                case CoreAction.Connect<String>(PlayerEntry player, InetSocketAddress address) -> {
                    assertTrue(slotsTaken < maxConnections, "dialled with every slot taken");
                    assertTrue(dials.stream().noneMatch(dial -> dial.playerId().equals(player.playerId())),
                            "dialled " + player.playerId() + " twice at once");
                    slotsTaken++;
                    dials.add(player);
                }
                case CoreAction.Write<String>(BookData book) -> {
                    assertTrue(verifiedArrivals.contains(book), "wrote book " + book.index() + ", which did not verify");
                    assertFalse(held.get(book.index()), "wrote book " + book.index() + " again");
                    assertFalse(writing.contains(book.index()), "wrote book " + book.index() + " twice at once");
                    writing.add(book.index());
                }
                case CoreAction.Discard<String> discard -> {
                }
                case CoreAction.Completed<String> completed -> {
                    assertFalse(completedSaid, "completion said twice");
                    assertEquals(books, held.cardinality(), "completion said with books missing");
                    completedSaid = true;
                }
                case CoreAction.NoLongerNeeded<String> unneeded -> {
                    assertTrue(completedSaid, "no longer needed said before completion");
                    assertFalse(unneededSaid, "no longer needed said twice");
                    unneededSaid = true;
                }
                case CoreAction.Failed<String> failed -> {
                }
                case CoreAction.Unreachable<String> unreachable -> {
                }
                case CoreAction.PlayersWanted<String> wanted -> {
                }
                case CoreAction.StopListening<String> stop -> {
                }
            }
        }

        private void checkState() {
            long unchokedNow = unchoked.stream().filter(links.open::contains).count();
            assertTrue(unchokedNow <= maxUploads + 1, unchokedNow + " downloaders unchoked, at most " + (maxUploads + 1));
            assertTrue(slotsTaken <= maxConnections, slotsTaken + " slots taken of " + maxConnections);
            assertTrue(links.open.size() <= maxConnections, links.open.size() + " links open");
            BitSet coreHeld = core.picker().heldBooks();
            BitSet unverified = (BitSet) coreHeld.clone();
            unverified.andNot(held);
            assertTrue(unverified.isEmpty(), "holds books " + unverified + " that were never written verified");
        }
    }
}
