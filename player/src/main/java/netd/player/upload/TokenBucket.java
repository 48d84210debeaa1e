package netd.player.upload;

/**
 * An upload rate limit: tokens (bytes) flow in at the rate, up to one second's worth, and a
 * book may be sent whenever the bucket is not in debt. Taking a whole book at once may put
 * the bucket in debt; the next book then waits until the debt is paid. So the average rate
 * holds whatever the book size, and nothing is ever split or buffered to fit. Pure: the time
 * is given (millis).
 */
public final class TokenBucket {
    private final long bytesPerSecond;
    /** Counted in thousandths of a byte, so that a millisecond adds exactly {@code bytesPerSecond} of them. */
    private final long capacity;
    private long tokens;
    private long lastMillis;

    public TokenBucket(long bytesPerSecond, long nowMillis) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("rate must be positive: " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        // One second's worth: an idle uploader may send a short burst, never more.
        this.capacity = bytesPerSecond * 1000;
        this.tokens = capacity;
        this.lastMillis = nowMillis;
    }

    /** Takes {@code bytes} and returns true, unless the bucket is in debt: then nothing is taken. */
    public boolean tryTake(long bytes, long nowMillis) {
        refill(nowMillis);
        if (tokens < 0) {
            return false;
        }
        tokens -= bytes * 1000;
        return true;
    }

    /** How long until {@link #tryTake} can succeed: 0 when it can now. */
    public long millisUntilAvailable(long nowMillis) {
        refill(nowMillis);
        return tokens >= 0 ? 0 : (-tokens + bytesPerSecond - 1) / bytesPerSecond;
    }

    private void refill(long nowMillis) {
        // A clock that steps back adds nothing rather than removing tokens.
        if (nowMillis > lastMillis) {
            // Capped at the time it takes to fill, so that hours idle cannot overflow.
            long elapsed = Math.min(nowMillis - lastMillis, (capacity - tokens) / bytesPerSecond + 1);
            tokens = Math.min(capacity, tokens + elapsed * bytesPerSecond);
            lastMillis = nowMillis;
        }
    }
}
