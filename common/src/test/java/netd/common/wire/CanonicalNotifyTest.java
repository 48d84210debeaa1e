package netd.common.wire;

import netd.common.ProtocolException;
import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.Notify;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The canonical reader gives exactly what the general decoder gives, or leaves the notify to it. */
class CanonicalNotifyTest {
    private final SplittableRandom random = new SplittableRandom(19);

    @Test
    void readsEveryNotifyAPlayerWrites() throws IOException {
        for (int i = 0; i < 2000; i++) {
            Notify notify = randomNotify();
            assertEquals(notify, CanonicalNotify.read(payload(notify)));
        }
    }

    @Test
    void aDamagedNotifyIsReadAsTheGeneralDecoderReadsItOrLeftToIt() throws IOException {
        int read = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = damaged(payload(randomNotify()));
            Notify canonical = CanonicalNotify.read(bytes);
            if (canonical != null) {
                assertEquals(general(bytes), canonical, () -> new String(bytes, StandardCharsets.ISO_8859_1));
                read++;
            }
        }
        assertTrue(read > 0, "some damage (inside the ids) leaves a canonical notify");
    }

    @Test
    void leavesOtherFormsToTheGeneralDecoder() {
        String hash = "20:aaaaaaaaaaaaaaaaaaaa";
        String player = "20:-ND0100-0123456789ab";
        String valid = "d10:downloadedi0e5:event5:start9:info_hash" + hash + "4:lefti5e9:player_id" + player
                + "4:porti7001e8:uploadedi0ee";
        assertNotNull(CanonicalNotify.read(ascii(valid)));
        for (String other : new String[] {
                valid.replace("4:lefti5e", "4:lefti05e"), // a leading zero
                valid.replace("10:downloadedi0e", "10:downloadedi-0e"),
                valid.replace("4:porti7001e", "4:porti0e"), // out of range: the general decoder says why
                valid.replace("5:event5:start", "5:event05:start"),
                valid.replace("5:event5:start", "5:event4:gone"),
                valid + "x", // trailing bytes
                valid.replace("d10:downloadedi0e", "d1:ai0e10:downloadedi0e"), // another key
                valid.replace("4:lefti5e", "4:lefti9223372036854775808e")}) {
            assertNull(CanonicalNotify.read(ascii(other)), other);
        }
    }

    private Notify randomNotify() {
        byte[] hash = new byte[20];
        byte[] id = new byte[20];
        random.nextBytes(hash);
        random.nextBytes(id);
        Event event = Event.values()[random.nextInt(Event.values().length)];
        return new Notify(InfoHash.of(hash), PlayerId.of(id), 1 + random.nextInt(65535), random.nextLong(0, Long.MAX_VALUE),
                random.nextInt(3) == 0 ? 0 : random.nextLong(), random.nextInt(3) == 0 ? 0 : random.nextLong(1 << 40), event);
    }

    /** One byte changed, dropped or doubled. */
    private byte[] damaged(byte[] bytes) {
        int at = random.nextInt(bytes.length);
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] changed = bytes.clone();
                changed[at] = (byte) "0123456789:-deix".charAt(random.nextInt(16));
                yield changed;
            }
            case 1 -> {
                byte[] shorter = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, shorter, 0, at);
                System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                yield shorter;
            }
            default -> {
                byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
                System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                yield longer;
            }
        };
    }

    private static Notify general(byte[] bytes) {
        try {
            return HubCodec.generalNotify(bytes);
        } catch (ProtocolException e) {
            throw new AssertionError("the general decoder refuses what the canonical reader read: " + e.getMessage(), e);
        }
    }

    private static byte[] payload(Notify notify) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HubCodec.INSTANCE.encode(notify, new DataOutputStream(out));
        return Arrays.copyOfRange(out.toByteArray(), 3, out.size());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
