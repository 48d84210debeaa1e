package netd.common.testing;

import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.library.LibraryFormat;
import netd.common.library.Sha1;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Stuff made up for a test, and its library, without files or a librarifier. */
public final class TestStuff {
    private TestStuff() {
    }

    /** {@code length} bytes that differ from book to book, the same in every run. */
    public static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + i / 7);
        }
        return bytes;
    }

    /** The library of {@code stuff}, named stuff.bin, in books of {@code bookSize}, announced to 127.0.0.1:6969. */
    public static Library library(byte[] stuff, int bookSize) {
        ByteArrayOutputStream hashes = new ByteArrayOutputStream();
        for (int offset = 0; offset < stuff.length; offset += bookSize) {
            hashes.writeBytes(Sha1.of(Arrays.copyOfRange(stuff, offset, Math.min(stuff.length, offset + bookSize))));
        }
        return LibraryFormat.create(new HostPort("127.0.0.1", 6969), "stuff.bin", stuff.length, bookSize,
                hashes.toByteArray(), null, null);
    }
}
