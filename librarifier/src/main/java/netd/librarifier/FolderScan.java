package netd.librarifier;

import netd.common.cli.UsageException;
import netd.common.library.LibraryLimits;
import netd.common.library.PathRules;
import netd.common.library.StuffLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layout of a folder to share: every regular file below it, in the order of their path
 * components (so the same folder always makes the same library), empty files included, and
 * the folders that hold nothing. A symbolic link is followed only when it leads to a place
 * inside the folder; one that leads out is refused, so that a library never shares more
 * than the folder. Names that some system cannot hold (PathRules) are refused, naming the path.
 */
public final class FolderScan {
    private final Path root;
    private final Path realRoot;
    private final List<List<String>> files = new ArrayList<>();
    private final List<Long> lengths = new ArrayList<>();
    private final List<List<String>> emptyFolders = new ArrayList<>();

    private FolderScan(Path root) throws IOException {
        this.root = root;
        this.realRoot = root.toRealPath();
    }

    /** The layout of the folder {@code root}. */
    public static StuffLayout scan(Path root) throws IOException {
        FolderScan scan = new FolderScan(root);
        scan.visit(root, List.of());
        return StuffLayout.folder(scan.files, scan.lengths, scan.emptyFolders);
    }

    /** Adds what is below {@code folder} (at {@code path} below the root); says whether it held anything. */
    private boolean visit(Path folder, List<String> path) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(folder)) {
            children = list.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        }
        for (Path child : children) {
            List<String> childPath = new ArrayList<>(path);
            childPath.add(child.getFileName().toString());
            String problem = PathRules.pathProblem(childPath);
            if (problem != null) {
                throw new UsageException(child + " cannot be shared: " + problem);
            }
            if (Files.isSymbolicLink(child)) {
                if (!Files.exists(child)) {
                    throw new UsageException(child + " is a broken symbolic link");
                }
                if (!child.toRealPath().startsWith(realRoot)) {
                    throw new UsageException(child + " is a symbolic link that leads out of " + root
                            + "; a library shares only what is inside the folder");
                }
            }
            if (Files.isDirectory(child)) {
                if (!visit(child, childPath)) {
                    emptyFolders.add(childPath);
                }
            } else if (Files.isRegularFile(child)) {
                if (files.size() == LibraryLimits.MAX_NETD_FILES) {
                    throw new UsageException(root + " holds more than " + LibraryLimits.MAX_NETD_FILES + " files");
                }
                files.add(childPath);
                lengths.add(Files.size(child));
            } else {
                throw new UsageException(child + " is neither a file nor a folder (a device, a pipe or a socket)");
            }
        }
        return !children.isEmpty();
    }
}
