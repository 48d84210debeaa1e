package netd.librarifier;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns an I/O failure into words a user reads: the JDK's messages are often just a path. */
final class IoProblem {
    private IoProblem() {
    }

    static IOException during(String doing, IOException e) {
        return new IOException(doing + " failed: " + describe(e), e);
    }

    private static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> missing.getFile() + ": no such file or directory";
            case AccessDeniedException denied -> denied.getFile() + ": permission denied";
            case FileSystemException other when other.getReason() == null -> other.getFile() + ": "
                    + other.getClass().getSimpleName();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
