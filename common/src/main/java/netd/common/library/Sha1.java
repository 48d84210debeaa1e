package netd.common.library;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-1, which every Java runtime must provide. */
public final class Sha1 {
    private Sha1() {
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
