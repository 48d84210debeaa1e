package netd.player;

import netd.common.link.Backoff;

import java.time.Duration;

/**
 * The player's tuning constants, in one place: each line says what it bounds. Options a user
 * sets (--max-uploads, --pipeline, ...) are {@link PlayerSettings}; these are the numbers
 * behind the decisions that no option changes. Why each value was chosen is told in the
 * commit that set it, and in docs/ where a figure shows it.
 */
public final class PlayerTuning {
    private PlayerTuning() {
    }

    // ---- the connection manager ----

    /** How often the manager ticks: expires requests and handshakes, chokes, dials. */
    public static final long TICK_MILLIS = 1000;
    /** A link quiet this long may be closed to make room for another when every slot is taken. */
    public static final long IDLE_MILLIS = Duration.ofSeconds(60).toMillis();
    /** Failed writes of books after which the player gives up (the disk refuses them). */
    public static final int MAX_WRITE_FAILURES = 10;
    /** Events one link's reader passes to the manager at once at most: 16 books of 16 KiB, one read buffer's worth of small messages. */
    public static final int MAX_GATHERED = 16;
    /**
     * The gap between two messages to an original player, which decodes one message per socket
     * read: 100 messages a second, far more than an original that asks one book at a time needs,
     * and a reader late by less than that still gets each message in a read of its own.
     */
    public static final Duration ORIGINAL_MESSAGE_GAP = Duration.ofMillis(10);

    // ---- dialling ----

    /** How long a dial may take to connect. Short: while this player has no uploader it redials every few seconds, and a SYN lost once is sent again after 1 s. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /**
     * A download link asked for books and silent this long at least is stalled, and dropped
     * to be dialled afresh: longer than a request's shortest timeout ({@link #TIMEOUT_FLOOR_MILLIS}),
     * so that requests merely late go to other uploaders first, and than a book takes at any rate
     * a player shares at.
     */
    public static final long STALL_FLOOR_MILLIS = 6_000;
    /**
     * How soon a listed player that could not be reached is dialled again while no uploader
     * works: a list of 50 dead players is then 25 dials a second, libtorrent's default pace of
     * connection attempts (30 a second).
     */
    public static final long LONELY_RETRY_MILLIS = 2_000;
    /** An uploader works while it sends a good book at least this often: as long as a link takes to count as stalled. */
    public static final long WORKING_MILLIS = STALL_FLOOR_MILLIS;
    /** Reconnecting to a player that failed or dropped: 2 s, 4 s, ... up to 5 minutes, with jitter. */
    public static final Backoff RECONNECT = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));
    /** Dials under way at once at most, so that a list of dead players does not take every slot. */
    public static final int MAX_CONNECTING = 8;
    /**
     * Download links beyond --max-downloads to players that download from this one: tit-for-tat
     * can only reward a downloader this player also downloads from (links are one-way), and it
     * unchokes 4 + 1 at a time. In a simulated swarm of 100, where each player dialled 8 listed
     * players at random, 9 players were dialled by nobody and never uploaded a byte, and a free
     * rider got as much as the honest ones (scripts/simulate.sh).
     */
    public static final int EXTRA_FOR_DOWNLOADERS = 5;
    /**
     * How often the slowest download link is given up for a listed player not tried yet, while
     * every download link is taken (peer rotation, {@code PeerRotation}), and so how long a new
     * link has to show what it brings.
     */
    public static final long ROTATION_MILLIS = 2_000;
    /**
     * A download link that has kept this player choked this long since it last unchoked it is
     * given up for a listed player not tried yet (peer rotation, looked at this often too): in a
     * flash crowd an uploader keeps its slots for others until its first choking round, 10 s
     * on, so a choke in between is worth a try elsewhere at once. One that still unchokes this
     * player is judged by what it brings, once a {@link #ROTATION_MILLIS} period, as before.
     */
    public static final long CHOKED_AGAIN_MILLIS = 1_000;
    /**
     * A download link whose uploader has not unchoked this player since it opened is given up
     * once open this long: a whole {@link #ROTATION_MILLIS}, since a new link may take that long
     * to be unchoked where players are short of CPU (the lab's 1 -> 16 lost to links given up
     * after 1 s, docs/simulator.md), but judged at every look, not only at a period's end.
     */
    public static final long NEVER_UNCHOKED_MILLIS = ROTATION_MILLIS;
    /**
     * Links that keep this player choked ({@link #CHOKED_AGAIN_MILLIS}, {@link #NEVER_UNCHOKED_MILLIS})
     * are given up only while this many listed players per download link wait to be tried: in a
     * crowd, where those tried instead are likely to be later arrivals with slots to give. In a
     * small swarm (the lab's 1 -> 16, where a leecher downloads from 8 to 13 of its 16 others)
     * they are as crowded as those given up, and one given up is not dialled again for
     * {@link #ROTATED_OUT_MILLIS}.
     */
    public static final int CROWD_WAITING_PER_LINK = 2;
    /** A player whose link was given up as the slowest is dialled again after this at the soonest. */
    public static final long ROTATED_OUT_MILLIS = 30_000;

    // ---- downloading ----

    /** Books failing their SHA-1 check from one uploader before it is banned. */
    public static final int MAX_BAD_BOOKS = 3;
    /**
     * The most bytes of books verified and waiting to be written: past them, no uploader is
     * asked for more until the writes catch up. Without a bound, a disk slower than the network
     * would have every book that arrives wait in memory, until the player ran out of it
     * (libtorrent's max_queued_disk_bytes). In a 512 MiB 1 -> 3 swarm on two cores the
     * leechers' writes do fall that far behind, and the bound holds them back; with 256 MiB
     * instead the swarm took as long (scripts/bench-swarm.sh 512 3, 4 alternating pairs).
     */
    public static final int MAX_UNWRITTEN_BYTES = 32 << 20;
    /**
     * How many uploaders' worth of requests a downloader keeps in flight in all: one served by
     * fewer uploaders asks each deeper (see {@code Downloading.depth}).
     */
    public static final int SHARES = 3;
    /**
     * Requests of one downloader waiting for their turn at an uploader; requests past this are
     * dropped, so a downloader that asks for everything holds only this many. Far above any
     * pipeline worth keeping: a request dropped from an honest pipeline stalls it until the
     * request times out (at 32, when a book still counted until its read batch was queued,
     * 32-deep pipelines ran at half speed).
     */
    public static final int MAX_WAITING_REQUESTS = 256;
    /**
     * The most requests kept in flight to one uploader, whatever --pipeline says: half of what
     * an uploader like this one keeps waiting for one downloader ({@link #MAX_WAITING_REQUESTS})
     * and of the queue on its link past which it drops requests, which the haves share. Deeper
     * requests would be dropped and wait for their timeout.
     */
    public static final int MAX_DEPTH = MAX_WAITING_REQUESTS / 2;
    /**
     * How long the requests in flight to an uploader that answers steadily should keep it busy
     * at its pace, at least: {@link #ANSWERS_AHEAD} of its answer times when those are longer.
     * A request waits behind those before it, so in a swarm each hop a new book takes waits
     * this long too. In a simulated flash crowd of 100 (scripts/simulate.sh --players 100
     * --size 32 --no-hash, seeds 1-2, 40 ms round trips) the last player took 1.40-1.42 x T*
     * on main (300 ms); with the answer times and MorePlayers, 1.35-1.38 with 200 ms and
     * 1.32-1.35 with 100; with the answer times alone, 1.40-1.55 with 50-70 ms (the pipelines ran
     * dry). But like the lab's hosts (--like-netlab: requests wait up to 200 ms behind the books
     * queued on the downloader's own uplink, which answer times measured on an empty pipeline at
     * the start do not show) 1 -> 8 took 1.54-1.59 x T* with 100 and 150 ms, 1.46-1.51 with 200,
     * 1.44-1.47 with 300 (seeds 1-3).
     */
    public static final long BUSY_MILLIS = 200;
    /**
     * The requests in flight to an uploader cover this many of its answer times (a request
     * sent to an empty pipeline: the round trip and a book, UploaderPace.answerMillis): the
     * pipeline is refilled once half of it is back, and the refill must arrive before the rest
     * runs out, on a long path too (in the flash crowd above, 100 ms of 40 ms round trips was
     * the best {@link #BUSY_MILLIS}: about twice the round trip).
     */
    public static final int ANSWERS_AHEAD = 2;
    /**
     * In the endgame a book already asked of an uploader is asked of another too only once its
     * request has waited this many times what a request at the back of a full pipeline waits
     * there ({@code UploaderPace.late}): a second copy cannot be cancelled, so it is sent in
     * full, on uplinks the swarm's last books need.
     */
    public static final int ENDGAME_PATIENCE = 2;
    /**
     * An uploader's pace (its time per book while requests wait there) is measured over answers
     * spanning this long at least: books arrive in bursts, a few read at once (UploaderPace.answered).
     * Several bursts of a link shared with others, and a few books of a slow one.
     */
    public static final long PACE_WINDOW_MILLIS = 100;
    /** The fewest requests kept in flight to an uploader whose pace is known, however slow. */
    public static final int MIN_PACED_DEPTH = 4;
    /** A request is never given up sooner than this. */
    public static final long TIMEOUT_FLOOR_MILLIS = 5_000;
    /** Nor later than this, however slow the uploader has been. */
    public static final long TIMEOUT_CEILING_MILLIS = 120_000;
    /** Patience measured in books: a request may wait this many of the uploader's usual book times. */
    public static final int PATIENCE_IN_BOOKS = 8;
    /** An uploader that lets us ask and sends nothing for this long is snubbing: skipped until it sends again. */
    public static final long SNUB_MILLIS = 60_000;

    // ---- uploading ----

    /**
     * Messages waiting in a downloader's link past which it is sent no more books until it
     * has read some: its requests wait their turn meanwhile. Haves for every new book share the
     * queue, and a downloader whose reader is slower than the books sent to it (both cores busy
     * hashing) gets there too. At most this many books, 4 MiB at 16 KiB a book, are held for one
     * downloader; {@link #MAX_UNWRITTEN_BOOK_BYTES} bounds larger books.
     */
    public static final int MAX_QUEUED_FOR_SERVING = 256;
    /**
     * Bytes of books sent to one downloader and not yet written to its socket past which it is
     * sent no more books until it has read some: what one downloader that does not read makes
     * this player hold stays under this plus one book (20 MiB with 16 MiB books, where 256
     * queued messages would be 4 GiB, on the heap for books gathered across a folder's files).
     * As much as {@link #MAX_QUEUED_FOR_SERVING} books of 16 KiB, so small books go as before.
     */
    public static final long MAX_UNWRITTEN_BOOK_BYTES = 4L << 20;
    /**
     * Messages a link holds waiting for its writer, past which it closes: room for thousands of
     * small haves behind a slow reader.
     */
    public static final int LINK_QUEUE_MESSAGES = 8192;
    /**
     * Haves sent to one downloader at once when the initial seeding tells it of every book left
     * (only while its link holds fewer than {@link #MAX_QUEUED_FOR_SERVING} messages): as many as
     * the link's queue has room for, since a downloader that lacks one book nobody told it of
     * waits a tick per batch (2048 a tick left the last of 3 leechers of a 256 MiB stuff waiting
     * 10 s on 127.0.0.1), and more than the queue holds closes the link.
     */
    public static final int TOLD_AT_ONCE = LINK_QUEUE_MESSAGES - 2 * MAX_QUEUED_FOR_SERVING;
    /** How long an inbound link may wait before its handshake. */
    public static final long HANDSHAKE_TIMEOUT_MILLIS = Duration.ofSeconds(20).toMillis();
    /**
     * Books offered to a downloader and not yet served to it in the initial seeding: its
     * requests in flight to the seeder. 32 books (512 KiB) keep a link of 32 Mbit/s busy across
     * a round trip of over a tenth of a second. The least: a downloader served faster is offered
     * {@link #BUSY_MILLIS} of its pace, up to {@link #MAX_DEPTH} (InitialSeeding.servedLastTick).
     */
    public static final int OFFERED_AHEAD = 32;
    /**
     * Books offered to a choked downloader and not yet served to it in the initial seeding: one,
     * so that it is interested and may be unchoked, and it hears of a batch when it is. It holds
     * what it was told until then, so a batch told at once went, in a crowd waiting for slots, to
     * each of them, and whoever was unchoked first asked for the books the others would ask for too.
     */
    public static final int OFFERED_TO_CHOKED = 1;
    /**
     * How soon to look again when every downloader with requests waiting is passed over: its
     * link takes a few milliseconds to send what backs it up (256 books of 16 KiB in about 4).
     */
    public static final long RECHECK_MILLIS = 2;
    /**
     * A seeding player (it holds every book) unchokes, in turns, half its interested
     * downloaders at once, at least --max-uploads + 1 and at most this many times that: it has
     * no tit-for-tat to keep, and each player it serves forwards what it got to its own
     * downloaders. In a crowd its initial seeding then starts many chains at once: in a
     * simulated flash crowd of 200 (scripts/simulate.sh --players 200 --size 32 --no-hash,
     * seeds 1-3) the median player finished at 9.6-9.9 s instead of 10.8-11.6 s with 20 slots
     * instead of 5; all downloaders at once (50 slots) did no better. Half, because a seeder
     * that fed all eight leechers of the lab's 1 -> 8 at once sent up to 1.37 copies and
     * finished it at 1.38-1.60 x T* against 1.32-1.37 with 5 slots (docs/BENCHMARKS.md). A
     * leecher still unchokes --max-uploads + 1, earned by what each gives.
     */
    public static final int SEEDING_SLOT_FACTOR = 4;
    /**
     * How long a player that completed its download and ends once complete (--exit-when-done)
     * goes on uploading while downloaders still want its books (core.Lingering): what they
     * asked of it is served rather than dropped, and the last of them is not left with the
     * seeder alone. Bounded, so that it still ends soon after its download as asked; a swarm's
     * last books spread in well under a second (the lab's 1 -> 8, docs/BENCHMARKS.md).
     */
    public static final long LINGER_MILLIS = 2_000;
    /** Rounds an optimistic unchoke lasts; a turn (the seeder's, or an unearned slot's) lasts as long. */
    public static final int OPTIMISTIC_EVERY_ROUNDS = 3;

    // ---- the book file ----

    /** Book buffers kept for reuse between links and the file: more wait for the garbage collector. */
    public static final int MAX_IDLE_BOOK_BYTES = 16 << 20;
    /** Writes the book thread takes from its queue at one wake-up at most. */
    public static final int MAX_BATCH = 64;
    /** The largest piece of a file mapped at once (a mapping is addressed with an int). */
    public static final long MAX_MAPPED_BYTES = 1L << 30;
    /** Files of a folder's stuff kept open for writing at once. */
    public static final int MAX_OPEN_FILES = 64;

    // ---- the hub ----

    /** How often to announce when the hub's answer names no interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    /** The shortest min interval taken from a hub, whatever it says. */
    public static final Duration MIN_INTERVAL_FLOOR = Duration.ofSeconds(1);
    /** The longest interval taken from a hub, whatever it says. */
    public static final Duration MAX_INTERVAL = Duration.ofHours(1);
    /** Reconnecting to a hub that is down: 1 s, 2 s, ... up to a minute, with jitter. */
    public static final Backoff RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    /** Unreachable addresses per report to the hub: 1,000 of at most 21 bytes each stay far below a frame's 65535. */
    public static final int MAX_REPORTED = 1000;
    /**
     * Added to the hub's min interval: an announce sent exactly at the min interval can reach
     * the hub a few milliseconds early by its clock (the previous one waited behind its connect
     * or in a queue; this one did not), and be warned about.
     */
    public static final long MIN_INTERVAL_MARGIN_MILLIS = 200;
    /** A hub answers an announce at once; one unanswered this long is given up. */
    public static final long ANSWER_TIMEOUT_MILLIS = 10_000;

    // ---- status and the web page ----

    /** How often the status line, file and speeds are refreshed. */
    public static final long PERIOD_MILLIS = 1000;
    /** Status periods between two status log lines when no live line is drawn. */
    public static final int LOG_EVERY_PERIODS = 10;
    /** How far back the speed chart looks: five minutes of one-second samples. */
    public static final int HISTORY_SECONDS = 300;
    /** Weight of the newest second in the smoothed speed: the line and the ETA do not jump about. */
    public static final double NEWEST_WEIGHT = 0.3;
    /** How old the manager's view a web page is shown may be: it is asked again at most this often. */
    public static final long MAX_AGE_MILLIS = 1000;
    /** How long a page waits for a busy manager's view before it shows the one before. */
    public static final long PATIENCE_MILLIS = 2000;
}
