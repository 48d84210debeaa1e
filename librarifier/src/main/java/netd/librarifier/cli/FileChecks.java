package netd.librarifier.cli;

import netd.common.cli.UsageException;
import netd.common.library.PathRules;
import netd.common.library.StuffLayout;
import netd.common.library.StuffName;
import netd.librarifier.FolderScan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checks on PATH and OUTPUT that turn a user's mistake into one sentence before any work starts. */
final class FileChecks {
    private FileChecks() {
    }

    /**
     * The layout of the file or folder to share: a readable, non-empty regular file, or a
     * folder with at least one byte in its files.
     */
    static StuffLayout stuffLayout(Path stuff) throws IOException {
        if (Files.isDirectory(stuff)) {
            StuffLayout layout = FolderScan.scan(stuff);
            if (layout.length() == 0) {
                throw new UsageException(stuff + " holds no byte in its files; there is nothing to share");
            }
            return layout;
        }
        return StuffLayout.file(stuffLength(stuff));
    }

    /** The size of the file to share, which must be a readable, non-empty regular file. */
    private static long stuffLength(Path stuff) throws IOException {
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

    /**
     * The name the stuff gets in the library: the file's base name, not the path as given; a
     * netd library's name keeps the stricter rules of its paths.
     */
    static String stuffName(Path stuff, boolean netd) {
        Path name = stuff.toAbsolutePath().normalize().getFileName();
        String problem = name == null ? "it has no file name"
                : netd ? PathRules.componentProblem(name.toString()) : StuffName.problem(name.toString());
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
