package netd.player.core;

import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.Bitfield;
import netd.common.wire.PeerMessage.Request;
import netd.player.PlayerTuning;
import netd.player.pick.BookPicker;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownloadingTest {
    private static final int BOOKS = 2;
    /** As for a player of 16 KiB books. */
    private static final int UNWRITTEN = Downloading.maxUnwritten(16 * 1024);

    /** Before any answer, a request is late after ENDGAME_PATIENCE times BUSY_MILLIS (UploaderPace.late). */
    private static final long LATE_MILLIS = PlayerTuning.ENDGAME_PATIENCE * PlayerTuning.BUSY_MILLIS;

    private final long[] now = {0};
    private final BookPicker picker = new BookPicker(BOOKS, new BitSet());
    private final Downloading downloading = new Downloading(picker, UNWRITTEN, () -> Instant.ofEpochMilli(now[0]),
            new SplittableRandom(1));
    /** Two uploaders that hold both books and unchoke us: a is asked for both; b, in the endgame, for both again once late. */
    private final Recorder first = new Recorder();
    private final Recorder second = new Recorder();
    private final Uploader a = open(first);
    private final Uploader b = open(second);

    @Test
    void theEndgameAsksASecondUploaderOnlyForBooksWhoseRequestsAreLate() {
        assertEquals(List.of(0, 1), first.sortedRequests());
        assertEquals(List.of(), second.requests, "a's requests are not late: nothing asked of b");

        now[0] += LATE_MILLIS;
        downloading.fillAll();
        assertEquals(List.of(), second.requests, "not late until over ENDGAME_PATIENCE full pipelines' wait");

        now[0] += 1;
        downloading.fillAll();
        assertEquals(List.of(0, 1), second.sortedRequests(), "late: b is asked for both");
        downloading.fillAll();
        assertEquals(2, second.requests.size(), "each once");
    }

    @Test
    void inTheEndgameARequestWaitingBehindABookItsUploaderWasNotAskedForIsAskedOfAnotherAtOnce() {
        now[0] += 10;
        assertEquals(Downloading.Arrival.NEW, downloading.bookArrived(a, 0, true));
        assertEquals(List.of(), second.requests, "book 1's request at a is not late");

        // a sends book 0 again, as after a choke and an unchoke that crossed this player's
        // requests: what a sends is behind copies this player does not count.
        now[0] += 10;
        assertEquals(Downloading.Arrival.UNASKED, downloading.bookArrived(a, 0, true));
        assertEquals(List.of(1), second.requests, "b is asked for book 1 at once; not for book 0, being written");
        assertTrue(now[0] < LATE_MILLIS, "before the request was late");
    }

    @Test
    void aBookAskedAgainIsNotAskedOfAThirdUploaderUntilTheSecondRequestIsLateToo() {
        now[0] += LATE_MILLIS + 1;
        downloading.fillAll();
        assertEquals(List.of(0, 1), second.sortedRequests());

        Recorder thirdWire = new Recorder();
        open(thirdWire);
        assertEquals(List.of(), thirdWire.requests, "b's requests are fresh");
        now[0] += LATE_MILLIS + 1;
        downloading.fillAll();
        assertEquals(List.of(0, 1), thirdWire.sortedRequests(), "every request late: asked of the third too");
    }

    @Test
    void anEndgameCopyArrivingWhileTheFirstIsWrittenIsNoLongerCountedAsRequested() {
        now[0] += LATE_MILLIS + 1;
        downloading.fillAll();
        assertEquals(List.of(0, 1), first.sortedRequests());
        assertEquals(List.of(0, 1), second.sortedRequests());

        assertEquals(Downloading.Arrival.NEW, downloading.bookArrived(a, 0, true));
        assertEquals(Downloading.Arrival.COPY, downloading.bookArrived(b, 0, true));
        assertEquals(1 + askedFor(0, a, b), picker.requestCount(0), "the copy being written and the uploaders asked");

        // The write fails: book 0 is asked again, and counted once per uploader asked.
        downloading.writeFailed(0);
        assertTrue(askedFor(0, a, b) > 0, "book 0 is asked again");
        assertEquals(askedFor(0, a, b), picker.requestCount(0));
    }

    @Test
    void theEndgameDoesNotAskAgainForABookBeingWritten() {
        now[0] += LATE_MILLIS + 1;
        downloading.fillAll();
        assertEquals(Downloading.Arrival.NEW, downloading.bookArrived(a, 0, true));
        downloading.choked(b);
        now[0] += 10_000; // late by a's answer time too
        downloading.unchoked(b);

        assertEquals(1, first.requests.stream().filter(book -> book == 0).count(), "a asked for book 0 again");
        assertEquals(1, second.requests.stream().filter(book -> book == 0).count(), "b asked for book 0 again");
        assertEquals(List.of(1), second.requests.subList(2, second.requests.size()), "b asked again for book 1 only");
    }

    @Test
    void aPlayerServedByFewUploadersAsksEachDeeper() {
        int books = 1000;
        BookPicker many = new BookPicker(books, new BitSet());
        Downloading downloads = new Downloading(many, UNWRITTEN, InstantSource.system(), new SplittableRandom(2));
        BitSet all = new BitSet();
        all.set(0, books);
        List<Recorder> wires = new ArrayList<>();
        List<Uploader> serving = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Recorder wire = new Recorder();
            Uploader uploader = downloads.opened(wire, 8);
            downloads.bitfield(uploader, Bitfield.of(all, books));
            wires.add(wire);
            serving.add(uploader);
        }
        downloads.unchoked(serving.get(0));
        assertEquals(PlayerTuning.SHARES * 8, wires.get(0).requests.size(), "the only uploader serving is asked for all shares");
        downloads.unchoked(serving.get(1));
        assertEquals(PlayerTuning.SHARES * 8 / 2, wires.get(1).requests.size(), "two serving: half of them each");
        downloads.unchoked(serving.get(2));
        downloads.unchoked(serving.get(3));
        assertEquals(8, wires.get(3).requests.size(), "as many uploaders as shares or more: each its own limit");
        assertEquals(8, downloads.depth(serving.get(0)));

        Uploader original = downloads.opened(new Recorder(), 1);
        assertEquals(1, downloads.depth(original), "an original player is asked one book at a time, always");
        Uploader deep = downloads.opened(new Recorder(), 1000);
        assertEquals(PlayerTuning.MAX_DEPTH, downloads.depth(deep), "never more than an uploader keeps waiting");
    }

    @Test
    void anUploaderIsAskedForBusyMillisOfBooksAtThePaceItAnswers() {
        int books = 10_000;
        long[] now = {0};
        Downloading downloads = new Downloading(new BookPicker(books, new BitSet()), UNWRITTEN, () -> Instant.ofEpochMilli(now[0]),
                new SplittableRandom(4));
        List<Recorder> wires = new ArrayList<>();
        List<Uploader> uploaders = unchokedSeeders(downloads, books, PlayerTuning.SHARES, wires);
        assertEquals(8, downloads.depth(uploaders.get(0)), "no pace yet: the shared depth");

        // Each answers its first requests at its own pace, 1, 20 and 500 ms a book, all at
        // once, for as long as a pace is measured over at least.
        long[] millisPerBook = {1, 20, 500};
        int[] answered = new int[uploaders.size()];
        for (boolean more = true; more; ) {
            now[0]++;
            more = false;
            for (int i = 0; i < uploaders.size(); i++) {
                if (answered[i] < PlayerTuning.PACE_WINDOW_MILLIS / millisPerBook[i] + 3) {
                    more = true;
                    if (now[0] % millisPerBook[i] == 0) {
                        downloads.bookArrived(uploaders.get(i), wires.get(i).requests.get(answered[i]++), true);
                    }
                }
            }
        }
        int fast = (int) Math.min(PlayerTuning.MAX_DEPTH, PlayerTuning.BUSY_MILLIS);
        assertEquals(fast, downloads.depth(uploaders.get(0)), "fast: BUSY_MILLIS of books, up to the cap");
        assertTrue(uploaders.get(0).outstanding.size() > fast / 2, "and it is asked for them");
        assertEquals(PlayerTuning.BUSY_MILLIS / 20, downloads.depth(uploaders.get(1)), "a book every 20 ms: BUSY_MILLIS of books");
        assertEquals(PlayerTuning.MIN_PACED_DEPTH, downloads.depth(uploaders.get(2)), "slow: few, so faster ones are asked the rest");
    }

    @Test
    void anUploaderSlowToAnswerIsAskedForEnoughToCoverItsAnswerTimes() {
        int books = 10_000;
        long[] now = {0};
        Downloading downloads = new Downloading(new BookPicker(books, new BitSet()), UNWRITTEN, () -> Instant.ofEpochMilli(now[0]),
                new SplittableRandom(6));
        Recorder wire = new Recorder();
        Uploader far = unchokedSeeder(downloads, books, wire);
        // Its first request takes 250 ms to be answered (a long path), then a book comes every 10 ms.
        now[0] += 250;
        downloads.bookArrived(far, wire.requests.get(0), true);
        for (int answered = 1; answered < PlayerTuning.PACE_WINDOW_MILLIS / 10 + 3; answered++) {
            now[0] += 10;
            downloads.bookArrived(far, wire.requests.get(answered), true);
        }
        assertEquals(PlayerTuning.ANSWERS_AHEAD * 250 / 10, downloads.depth(far),
                "two answer times of books at its pace, not BUSY_MILLIS' " + PlayerTuning.BUSY_MILLIS / 10);
    }

    @Test
    void anUploaderServingAloneIsAskedForTheSharedDepthHoweverSlowItsPaceWas() {
        int books = 10_000;
        long[] now = {0};
        Downloading downloads = new Downloading(new BookPicker(books, new BitSet()), UNWRITTEN, () -> Instant.ofEpochMilli(now[0]),
                new SplittableRandom(7));
        List<Recorder> wires = new ArrayList<>();
        List<Uploader> uploaders = unchokedSeeders(downloads, books, PlayerTuning.SHARES, wires);
        // The first answers a book every 100 ms while the others serve too: BUSY_MILLIS of that is 2 books.
        Uploader seeder = uploaders.get(0);
        for (int answered = 0; answered < 4; answered++) {
            now[0] += 100;
            downloads.bookArrived(seeder, wires.get(0).requests.get(answered), true);
        }
        assertEquals(PlayerTuning.MIN_PACED_DEPTH, downloads.depth(seeder), "served by SHARES: its slow pace");

        // The others leave (done, in the lab): the one left is asked for the shared depth.
        downloads.closed(uploaders.get(1));
        assertEquals(PlayerTuning.SHARES * 8 / 2, downloads.depth(seeder), "two serving: half the shares at least");
        downloads.closed(uploaders.get(2));
        assertEquals(PlayerTuning.SHARES * 8, downloads.depth(seeder), "alone: every share");
        assertTrue(seeder.outstanding.size() > PlayerTuning.SHARES * 8 / 2, "and it is asked for them");
    }

    @Test
    void nothingMoreIsAskedWhileTheMostBooksAllowedWaitToBeWritten() {
        int books = 1000;
        // A clock that stands still: the seeder shows no pace, so its depth would be the shared 24,
        // but no more books are asked of one uploader than may wait to be written (large books).
        Downloading downloads = new Downloading(new BookPicker(books, new BitSet()), 4, InstantSource.fixed(Instant.EPOCH),
                new SplittableRandom(5));
        Recorder wire = new Recorder();
        Uploader seeder = unchokedSeeder(downloads, books, wire);
        assertEquals(4, wire.requests.size(), "no deeper than the 4 books that may wait to be written");

        for (int i = 0; i < 5; i++) {
            assertEquals(Downloading.Arrival.NEW, downloads.bookArrived(seeder, wire.requests.get(i), true));
            assertTrue(seeder.outstanding.size() <= 4, "in flight: " + seeder.outstanding.size());
        }
        int asked = wire.requests.size();
        assertEquals(Downloading.Arrival.NEW, downloads.bookArrived(seeder, wire.requests.get(5), true));
        assertEquals(asked, wire.requests.size(), "nothing asked while 4 or more wait to be written");

        // 6 wait: after 2 are written, 4 still do.
        for (int i = 0; i < 2; i++) {
            downloads.written(wire.requests.get(i));
        }
        assertEquals(asked, wire.requests.size(), "still 4 waiting");
        downloads.written(wire.requests.get(2));
        assertTrue(wire.requests.size() > asked, "3 waiting: the pipeline is filled again");
        assertEquals(2048, Downloading.maxUnwritten(16 * 1024), "32 MiB of 16 KiB books");
        assertEquals(2, Downloading.maxUnwritten(16 << 20), "32 MiB of a netd library's largest books");
    }

    @Test
    void equallyRareBooksAreAskedForInRuns() {
        int books = 1000;
        Downloading downloads = new Downloading(new BookPicker(books, new BitSet()), UNWRITTEN, InstantSource.system(),
                new SplittableRandom(3));
        Recorder wire = new Recorder();
        unchokedSeeder(downloads, books, wire);

        List<Integer> asked = wire.requests;
        assertEquals(PlayerTuning.SHARES * 8, asked.size());
        for (int i = 1; i < asked.size(); i++) {
            assertEquals((asked.get(i - 1) + 1) % books, asked.get(i), "one run from a random point: " + asked);
        }
    }

    /** {@code count} uploaders of every one of {@code books} that unchoke us, with a pipeline limit of 8; their links go to {@code wires}. */
    private static List<Uploader> unchokedSeeders(Downloading downloads, int books, int count, List<Recorder> wires) {
        List<Uploader> uploaders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Recorder wire = new Recorder();
            uploaders.add(unchokedSeeder(downloads, books, wire));
            wires.add(wire);
        }
        return uploaders;
    }

    /** An uploader of every one of {@code books} that unchokes us, speaking through {@code wire}, with a pipeline limit of 8. */
    private static Uploader unchokedSeeder(Downloading downloads, int books, Recorder wire) {
        BitSet all = new BitSet();
        all.set(0, books);
        Uploader seeder = downloads.opened(wire, 8);
        downloads.bitfield(seeder, Bitfield.of(all, books));
        downloads.unchoked(seeder);
        return seeder;
    }

    private static int askedFor(int book, Uploader... uploaders) {
        int asked = 0;
        for (Uploader uploader : uploaders) {
            asked += uploader.outstanding.containsKey(book) ? 1 : 0;
        }
        return asked;
    }

    private Uploader open(Recorder wire) {
        Uploader uploader = downloading.opened(wire, 4);
        downloading.bitfield(uploader, Bitfield.of(BitSet.valueOf(new long[] {0b11}), BOOKS));
        downloading.unchoked(uploader);
        return uploader;
    }

    /** A link that keeps the requests sent on it. */
    private static final class Recorder implements Uploader.Wire {
        final List<Integer> requests = new ArrayList<>();

        @Override
        public boolean send(PeerMessage message) {
            if (message instanceof Request request) {
                requests.add(request.index());
            }
            return true;
        }

        @Override
        public void close(String reason) {
        }

        List<Integer> sortedRequests() {
            return requests.stream().sorted().toList();
        }
    }
}
