package netd.common.library;

import netd.common.library.StuffLayout.StuffFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A stuff's files on disk, read by their position in the stuff: a file stuff is the file at
 * the stuff's path, a folder's files are below it. Reads open and close the files they touch,
 * so any number of threads can read at once and a folder of thousands of files holds no
 * descriptor between reads.
 */
public final class StuffFiles implements BookHasher.Source {
    private final Path root;
    private final StuffLayout layout;

    /** The files of {@code layout} at {@code root}: the file itself, or the folder that holds them. */
    public StuffFiles(Path root, StuffLayout layout) {
        this.root = root;
        this.layout = layout;
    }

    public Path root() {
        return root;
    }

    public StuffLayout layout() {
        return layout;
    }

    /** Where {@code file} of the layout is on disk. */
    public Path path(StuffFile file) {
        return resolve(file.path());
    }

    /** Where the path {@code components} below the stuff's root are on disk. */
    public Path resolve(java.util.List<String> components) {
        Path path = root;
        for (String component : components) {
            path = path.resolve(component);
        }
        return path;
    }

    /**
     * Reads the stuff's bytes from {@code position} into {@code target}, across files, as far
     * as the files hold them; returns how many, or -1 when none could be read (the position is
     * past the stuff, or its file is shorter than the layout says).
     */
    @Override
    public int read(ByteBuffer target, long position) throws IOException {
        int read = 0;
        for (int index = layout.fileAt(position); index < layout.files().size() && target.hasRemaining(); index++) {
            StuffFile file = layout.files().get(index);
            if (file.length() == 0) {
                continue;
            }
            long at = position + read - file.offset();
            int wanted = (int) Math.min(target.remaining(), file.length() - at);
            int before = target.limit();
            target.limit(target.position() + wanted);
            try (FileChannel channel = FileChannel.open(path(file), StandardOpenOption.READ)) {
                while (target.hasRemaining()) {
                    int count = channel.read(target, at + (wanted - target.remaining()));
                    if (count < 0) {
                        int got = wanted - target.remaining();
                        return read + got == 0 ? -1 : read + got;
                    }
                }
            } finally {
                target.limit(before);
            }
            read += wanted;
        }
        return read == 0 && target.hasRemaining() ? -1 : read;
    }

    /** How many of the stuff's bytes, counted from each file's start, are on disk now: the file's size, at most its length. */
    public long[] presentBytes() throws IOException {
        long[] present = new long[layout.files().size()];
        for (int i = 0; i < present.length; i++) {
            StuffFile file = layout.files().get(i);
            Path path = path(file);
            present[i] = Files.isRegularFile(path) ? Math.min(Files.size(path), file.length()) : 0;
        }
        return present;
    }
}
