package netd.common.wire;

import netd.common.id.Bytes20;
import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.Notify;

import java.nio.charset.StandardCharsets;

/**
 * Reads a notify written the way every player writes it (PROTOCOL.md §5): its seven keys,
 * sorted, nothing else, integers without leading zeros. A hub reads tens of thousands a
 * second, and building a tree of values for each was most of what an announce allocated.
 * Anything else, valid or not, is left to the general decoder ({@link HubCodec}), which
 * says what is wrong: this reader only ever gives the notify the general one would, or null.
 */
final class CanonicalNotify {
    private static final byte[] DOWNLOADED = key("downloaded");
    private static final byte[] EVENT = key("event");
    private static final byte[] INFO_HASH = key("info_hash");
    private static final byte[] LEFT = key("left");
    private static final byte[] PLAYER_ID = key("player_id");
    private static final byte[] PORT = key("port");
    private static final byte[] UPLOADED = key("uploaded");
    private static final byte[] TWENTY = "20:".getBytes(StandardCharsets.US_ASCII);
    /** An event's bytes at most; the longest is "completed". */
    private static final int MAX_EVENT = 16;

    private final byte[] in;
    private int at;

    private CanonicalNotify(byte[] in) {
        this.in = in;
    }

    /** The notify {@code payload} holds, or null when it is not in the canonical form (or not a notify at all). */
    static Notify read(byte[] payload) {
        return new CanonicalNotify(payload).notifyOrNull();
    }

    private Notify notifyOrNull() {
        if (!take('d')) {
            return null;
        }
        long downloaded = keyThenInteger(DOWNLOADED);
        if (at < 0 || !key(EVENT)) {
            return null;
        }
        Event event = event();
        if (event == null || !key(INFO_HASH)) {
            return null;
        }
        Bytes20 infoHash = bytes20();
        long left = keyThenInteger(LEFT);
        if (infoHash == null || at < 0 || !key(PLAYER_ID)) {
            return null;
        }
        Bytes20 playerId = bytes20();
        long port = keyThenInteger(PORT);
        long uploaded = playerId == null || at < 0 ? 0 : keyThenInteger(UPLOADED);
        if (playerId == null || at < 0 || !take('e') || at != in.length || port < 1 || port > 65535) {
            return null;
        }
        return new Notify(new InfoHash(infoHash), new PlayerId(playerId), (int) port, downloaded, uploaded, left, event);
    }

    /** Reads {@code key} then an integer; on a mismatch sets {@code at} to -1. */
    private long keyThenInteger(byte[] key) {
        if (at < 0 || !key(key)) {
            at = -1;
            return 0;
        }
        return integer();
    }

    private boolean key(byte[] expected) {
        if (at < 0 || at + expected.length > in.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (in[at + i] != expected[i]) {
                return false;
            }
        }
        at += expected.length;
        return true;
    }

    private boolean take(char c) {
        if (at >= 0 && at < in.length && in[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    /** {@code i-?[1-9][0-9]*e} or {@code i0e}, within a long's range but for its least; on anything else sets {@code at} to -1. */
    private long integer() {
        if (!take('i')) {
            at = -1;
            return 0;
        }
        boolean negative = take('-');
        int first = at;
        long value = 0;
        boolean fits = true;
        while (at < in.length && in[at] >= '0' && in[at] <= '9') {
            int digit = in[at] - '0';
            fits &= value <= (Long.MAX_VALUE - digit) / 10;
            value = value * 10 + digit;
            at++;
        }
        int digits = at - first;
        boolean canonical = fits && digits > 0 && (in[first] != '0' || (digits == 1 && !negative));
        if (!canonical || !take('e')) {
            at = -1;
            return 0;
        }
        return negative ? -value : value;
    }

    /** A string of 20 bytes, or null. */
    private Bytes20 bytes20() {
        if (!key(TWENTY) || at + Bytes20.LENGTH > in.length) {
            return null;
        }
        Bytes20 value = Bytes20.copyOf(in, at);
        at += Bytes20.LENGTH;
        return value;
    }

    /** A short ASCII string naming an event, or null. */
    private Event event() {
        int first = at;
        int length = 0;
        while (at < in.length && in[at] >= '0' && in[at] <= '9' && length <= MAX_EVENT) {
            length = length * 10 + (in[at++] - '0');
        }
        boolean canonical = at > first && (in[first] != '0' || at == first + 1) && length <= MAX_EVENT;
        if (!canonical || !take(':') || at + length > in.length) {
            return null;
        }
        for (int i = at; i < at + length; i++) {
            if (in[i] < 0) {
                return null; // not ASCII: the general decoder reads it as UTF-8
            }
        }
        Event event = Event.fromWire(new String(in, at, length, StandardCharsets.US_ASCII));
        at += length;
        return event;
    }

    /** {@code name} as a bencoded string. */
    private static byte[] key(String name) {
        return (name.length() + ":" + name).getBytes(StandardCharsets.US_ASCII);
    }
}
