package netd.common.library;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a stuff's bytes live: one file, or the files of a folder laid end to end in their
 * listed order (PROTOCOL-EXTENSIONS.md), so that books run across file boundaries. A file's
 * {@code path} is relative to the stuff's own path ({@code ROOT/<id>/<name>}); the one file of
 * a file stuff has an empty path: it is that path itself.
 *
 * @param folder       whether the stuff is a folder (a netd library's {@code files})
 * @param files        every file, in the order their bytes follow each other, empty ones included
 * @param emptyFolders folders that hold nothing, which BitTorrent's layout cannot name
 */
public record StuffLayout(boolean folder, List<StuffFile> files, List<List<String>> emptyFolders) {
    /**
     * One file of the stuff.
     *
     * @param path   its path components below the stuff's path; empty for a file stuff
     * @param length its size in bytes
     * @param offset where its first byte is in the stuff
     */
    public record StuffFile(List<String> path, long length, long offset) {
        public StuffFile {
            path = List.copyOf(path);
        }

        /** Where the file ends in the stuff (exclusive). */
        public long end() {
            return offset + length;
        }
    }

    public StuffLayout {
        files = List.copyOf(files);
        emptyFolders = emptyFolders.stream().map(List::copyOf).toList();
    }

    /** The layout of a single file of {@code length} bytes. */
    public static StuffLayout file(long length) {
        return new StuffLayout(false, List.of(new StuffFile(List.of(), length, 0)), List.of());
    }

    /** A folder of files given as (path, length) in stuff order; their offsets follow. */
    public static StuffLayout folder(List<List<String>> paths, List<Long> lengths, List<List<String>> emptyFolders) {
        if (paths.size() != lengths.size()) {
            throw new IllegalArgumentException(paths.size() + " paths for " + lengths.size() + " lengths");
        }
        List<StuffFile> files = new ArrayList<>(paths.size());
        long offset = 0;
        for (int i = 0; i < paths.size(); i++) {
            files.add(new StuffFile(paths.get(i), lengths.get(i), offset));
            offset = Math.addExact(offset, lengths.get(i));
        }
        return new StuffLayout(true, files, emptyFolders);
    }

    /** The stuff's size: every file's bytes together. */
    public long length() {
        return files.isEmpty() ? 0 : files.getLast().end();
    }

    /**
     * The index of the first file that holds the byte at {@code position}, or of the first
     * file after it (empty files hold no byte and are skipped); files.size() at the end.
     */
    public int fileAt(long position) {
        int low = 0;
        int high = files.size();
        while (low < high) { // the first file whose end is past position
            int middle = (low + high) >>> 1;
            if (files.get(middle).end() <= position) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
