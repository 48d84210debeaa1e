package netd.common.link;

import netd.common.wire.LengthField;

import java.time.Duration;

/**
 * How a link behaves.
 *
 * @param maxFrameLength    the largest frame accepted from the peer (length field value)
 * @param sendQueueCapacity messages waiting to be written; a peer that lets it fill is not
 *                          reading, and its link is closed rather than allowed to grow memory
 * @param keepAliveInterval a keep-alive is written after this long with nothing to send
 * @param idleTimeout       the link is closed after this long without receiving a byte
 * @param bufferSize        bytes buffered on each side of the socket; small for hubs that
 *                          hold ten thousand links, large for players moving books
 * @param platformThreads   run the reader and writer on platform threads rather than virtual
 *                          ones: a player has a few dozen busy links, and a platform thread
 *                          blocked on its socket wakes directly, where a virtual one goes
 *                          through the poller and the scheduler (measured: the leecher spends
 *                          about 30% less CPU per book), and a program whose sockets are all
 *                          on platform threads exits at once ({@link SocketThreads}); a hub
 *                          with ten thousand links wants virtual threads
 * @param firstLengthIn     the length field of the first frame read (the handshake's on a
 *                          netd library's uploading side: 2 bytes, PROTOCOL-EXTENSIONS.md §4)
 * @param lengthIn          the length field of the frames read after the first
 */
public record LinkSettings(int maxFrameLength, int sendQueueCapacity, Duration keepAliveInterval,
                           Duration idleTimeout, int bufferSize, boolean platformThreads,
                           LengthField firstLengthIn, LengthField lengthIn) {
    /** Settings for links on virtual threads. */
    public LinkSettings(int maxFrameLength, int sendQueueCapacity, Duration keepAliveInterval, Duration idleTimeout,
                        int bufferSize) {
        this(maxFrameLength, sendQueueCapacity, keepAliveInterval, idleTimeout, bufferSize, false);
    }

    /** Settings for links whose frames all have 2-byte lengths. */
    public LinkSettings(int maxFrameLength, int sendQueueCapacity, Duration keepAliveInterval, Duration idleTimeout,
                        int bufferSize, boolean platformThreads) {
        this(maxFrameLength, sendQueueCapacity, keepAliveInterval, idleTimeout, bufferSize, platformThreads,
                LengthField.SHORT, LengthField.SHORT);
    }

    public LinkSettings {
        // Checked here, not when the reader thread builds its FrameReader and fails far from the cause.
        int most = Math.max(firstLengthIn.maxLength(), lengthIn.maxLength());
        if (maxFrameLength < 1 || maxFrameLength > most) {
            throw new IllegalArgumentException("max frame length " + maxFrameLength + " is outside 1-" + most);
        }
        if (sendQueueCapacity < 1 || bufferSize < 64 || keepAliveInterval.isNegative() || keepAliveInterval.isZero()
                || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("invalid link settings");
        }
    }

    public LinkSettings withMaxFrameLength(int length) {
        return new LinkSettings(length, sendQueueCapacity, keepAliveInterval, idleTimeout, bufferSize, platformThreads,
                firstLengthIn, lengthIn);
    }

    public LinkSettings withIdleTimeout(Duration timeout) {
        return new LinkSettings(maxFrameLength, sendQueueCapacity, keepAliveInterval, timeout, bufferSize, platformThreads,
                firstLengthIn, lengthIn);
    }

    public LinkSettings withKeepAliveInterval(Duration interval) {
        return new LinkSettings(maxFrameLength, sendQueueCapacity, interval, idleTimeout, bufferSize, platformThreads,
                firstLengthIn, lengthIn);
    }

    /** These settings, reading the first frame with a length field of {@code first} and the later ones with {@code later}. */
    public LinkSettings withLengthsIn(LengthField first, LengthField later) {
        return new LinkSettings(maxFrameLength, sendQueueCapacity, keepAliveInterval, idleTimeout, bufferSize, platformThreads,
                first, later);
    }
}
