package netd.librarifier;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a whole file or nothing: the bytes go to a temporary file beside the target, are
 * forced to disk, and the temporary file is then renamed over the target. A crash at any
 * point leaves either the old target (or none) and at worst a stray temporary file, never
 * half a library.
 */
final class AtomicFile {
    private AtomicFile() {
    }

    static void write(Path target, byte[] bytes, boolean replace) throws IOException {
        Path absolute = target.toAbsolutePath();
        // Not Files.createTempFile: its owner-only permissions would stick to the library,
        // which is meant to be shared; CREATE_NEW keeps the user's usual permissions.
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            // The check made before hashing may be stale by now, and a rename would silently replace.
            if (!replace && Files.exists(absolute)) {
                throw new FileAlreadyExistsException(target.toString(), null, "it appeared while hashing; not replaced");
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
