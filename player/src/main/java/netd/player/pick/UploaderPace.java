package netd.player.pick;

import static netd.player.PlayerTuning.ANSWERS_AHEAD;
import static netd.player.PlayerTuning.BUSY_MILLIS;
import static netd.player.PlayerTuning.ENDGAME_PATIENCE;
import static netd.player.PlayerTuning.PACE_WINDOW_MILLIS;
import static netd.player.PlayerTuning.PATIENCE_IN_BOOKS;
import static netd.player.PlayerTuning.SNUB_MILLIS;
import static netd.player.PlayerTuning.TIMEOUT_CEILING_MILLIS;
import static netd.player.PlayerTuning.TIMEOUT_FLOOR_MILLIS;

/**
 * How fast an uploader answers, and what follows from it: when a request has waited too
 * long (adaptive to the uploader's observed pace, never less than a floor) and when the
 * uploader is snubbing (unchoked, asked, and silent for a minute). Pure: times are given.
 */
public final class UploaderPace {

    private double millisPerBook;
    /** Books answered back to back since the pace was last taken in, and the time between their answers. */
    private int windowBooks;
    private long windowMillis;
    /** How long a request sent to an empty pipeline took to be answered (smoothed); 0 before one was. */
    private double answerMillis;
    private long lastAnswerAt;
    private boolean hasAnswered;

    /** The uploader just unchoked: its silence counts from now. */
    public void unchoked(long now) {
        lastAnswerAt = now;
    }

    /**
     * A book arrived (good or bad: the uploader answers), asked for at {@code sentAt}. Its time
     * since the last answer is the uploader's pace only when the request was waiting at the
     * uploader all along, sent before that answer. One sent since found the pipeline empty (the
     * book was not wanted yet, or the uploader held nothing more): its time is how long the
     * uploader takes to answer a request, the round trip and a book, and counting it as pace
     * made an uploader whose link had room look slow, so that it was asked for fewer books than
     * cover a round trip (in a simulated flash crowd, scripts/simulate.sh, the uploaders' links
     * sat idle while the next batch of requests was on its way).
     *
     * <p>The pace is taken over {@link netd.player.PlayerTuning#PACE_WINDOW_MILLIS} of answers at
     * least, as their time over their count, not answer by answer: books come in bursts (a TCP
     * read holds several, and a link hands up to 16 to the manager at once, all at one time), so
     * most gaps are 0 ms and a few are long, and a pace smoothed gap by gap was lowest right after
     * a burst, when the pipeline is refilled: such a pace asks for pipelines far deeper than the
     * link carries in an answer's time, and every book queued at an uploader waits ahead of any
     * asked later, the swarm's newest and rarest included (the lab's figures: docs/BENCHMARKS.md).
     */
    public void answered(long now, long sentAt) {
        if (sentAt >= lastAnswerAt) {
            long sample = now - sentAt;
            answerMillis = answerMillis == 0 ? sample : 0.8 * answerMillis + 0.2 * sample;
        } else if (hasAnswered) {
            long gap = now - lastAnswerAt;
            // A window closes where a burst starts (a gap), so that it holds whole bursts.
            if (gap > 0 && windowMillis >= PACE_WINDOW_MILLIS) {
                double sample = (double) windowMillis / windowBooks;
                millisPerBook = millisPerBook == 0 ? sample : 0.8 * millisPerBook + 0.2 * sample;
                windowBooks = 0;
                windowMillis = 0;
            }
            windowBooks++;
            windowMillis += gap;
        }
        hasAnswered = true;
        lastAnswerAt = now;
    }

    /** The time a request may wait, from when it was sent or the uploader last answered, whichever is later. */
    public long timeoutMillis() {
        long adaptive = (long) (PATIENCE_IN_BOOKS * millisPerBook);
        return Math.min(TIMEOUT_CEILING_MILLIS, Math.max(TIMEOUT_FLOOR_MILLIS, adaptive));
    }

    /** Whether the request sent at {@code sentAt} has waited too long. */
    public boolean expired(long sentAt, long now) {
        return now - Math.max(sentAt, lastAnswerAt) > timeoutMillis();
    }

    /**
     * How long the requests in flight to this uploader should keep it busy: {@code BUSY_MILLIS},
     * or {@code ANSWERS_AHEAD} of its answer times when that is longer (a long path).
     */
    public double coverMillis() {
        return Math.max(BUSY_MILLIS, ANSWERS_AHEAD * answerMillis);
    }

    /**
     * Whether the request sent at {@code sentAt} is late: it has waited over {@code
     * ENDGAME_PATIENCE} times what a request at the back of a full pipeline waits here (what
     * the pipeline covers, then an answer time). Only then does the endgame ask another
     * uploader for its book too.
     */
    public boolean late(long sentAt, long now) {
        return now - sentAt > ENDGAME_PATIENCE * (coverMillis() + answerMillis);
    }

    /** Whether an uploader that was asked is silent for so long that it should be skipped until it sends again. */
    public boolean snubbing(long now, boolean asked) {
        return asked && now - lastAnswerAt > SNUB_MILLIS;
    }

    public double millisPerBook() {
        return millisPerBook;
    }

    /** How long the uploader takes to answer a request that waits behind no other: a round trip and a book; 0 before it has. */
    public double answerMillis() {
        return answerMillis;
    }
}
