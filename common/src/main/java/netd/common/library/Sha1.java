package netd.common.library;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-1, which every Java runtime must provide. */
public final class Sha1 {
    /**
     * One digest per thread, for threads that hash book after book: a digest made afresh for
     * each book cost a provider lookup, and, for a book outside the heap, the digest's own
     * 4 KiB array to copy it through: 150 MB of garbage for a 512 MiB download.
     */
    private static final ThreadLocal<MessageDigest> PER_THREAD = ThreadLocal.withInitial(Sha1::newDigest);

    private Sha1() {
    }

    /** This thread's digest, reset; only this thread may use it, and only until it calls this again. */
    public static MessageDigest threadDigest() {
        MessageDigest digest = PER_THREAD.get();
        digest.reset();
        return digest;
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-1", e);
        }
    }

    public static byte[] of(byte[] data) {
        return newDigest().digest(data);
    }
}
