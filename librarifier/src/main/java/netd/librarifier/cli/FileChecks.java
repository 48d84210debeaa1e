package netd.librarifier.cli;

import netd.common.cli.UsageException;
import netd.common.library.StuffName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checks on PATH and OUTPUT that turn a user's mistake into one sentence before any work starts. */
final class FileChecks {
    private FileChecks() {
    }

    /** The size of the file to share, which must be a readable, non-empty regular file. */
    static long stuffLength(Path stuff) throws IOException {
        if (Files.isDirectory(stuff)) {
            throw new UsageException(stuff + " is a directory; a library describes a single file");
        }
        if (!Files.exists(stuff)) {
            throw new UsageException(stuff + " does not exist");
        }
        if (!Files.isRegularFile(stuff) || !Files.isReadable(stuff)) {
            throw new UsageException(stuff + " is not a readable regular file");
        }
        long length = Files.size(stuff);
        if (length == 0) {
            throw new UsageException(stuff + " is empty; there is nothing to share");
        }
        return length;
    }

    /** The name the stuff gets in the library: the file's base name, not the path as given. */
    static String stuffName(Path stuff) {
        Path name = stuff.toAbsolutePath().normalize().getFileName();
        String problem = name == null ? "it has no file name" : StuffName.problem(name.toString());
        if (problem != null) {
            throw new UsageException(stuff + " cannot be shared under its name: " + problem);
        }
        return name.toString();
    }

    /** Checks that the library can be written to {@code output}. */
    static void checkOutput(Path output, boolean force) {
        if (Files.isDirectory(output)) {
            throw new UsageException(output + " is a directory; give the path of the library file to write");
        }
        // Renaming over a device or a pipe (say /dev/null, as root) would replace it.
        if (Files.exists(output) && !Files.isRegularFile(output)) {
            throw new UsageException(output + " is not a regular file; the library cannot replace it");
        }
        if (Files.exists(output) && !force) {
            throw new UsageException(output + " already exists; use --force to replace it");
        }
        Path directory = output.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            throw new UsageException("the directory " + directory + " does not exist");
        }
    }
}
