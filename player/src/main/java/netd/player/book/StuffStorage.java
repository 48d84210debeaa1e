package netd.player.book;

import netd.common.library.StuffFiles;
import netd.common.library.StuffLayout;
import netd.common.library.StuffLayout.StuffFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static netd.player.PlayerTuning.MAX_MAPPED_BYTES;
import static netd.player.PlayerTuning.MAX_OPEN_FILES;

/**
 * A stuff's bytes on disk for {@link Book}: one file, or a folder's files laid end to end, so
 * that a book is a range of the stuff that may run across files. Views for sending are slices
 * of the files mapped read-only; writes go to the files by positional I/O, through a few
 * channels kept open (a folder of thousands of files holds no more descriptors than that).
 * Only the book thread writes; any thread may take views.
 */
final class StuffStorage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StuffStorage.class);

    private final StuffFiles files;
    private final boolean writable;
    /** Per file, its pieces mapped read-only, {@link #pieceBytes} each; null for an empty file. */
    private final MappedByteBuffer[][] mapped;
    private final long pieceBytes;
    private final Map<Integer, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true);

    private StuffStorage(StuffFiles files, boolean writable, int bookSize) throws IOException {
        this.files = files;
        this.writable = writable;
        // Whole books per piece, so that a book of a file stuff never spans two mappings.
        this.pieceBytes = Math.max(1, MAX_MAPPED_BYTES / bookSize) * bookSize;
        List<StuffFile> list = files.layout().files();
        this.mapped = new MappedByteBuffer[list.size()][];
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).length() > 0) {
                mapped[i] = map(files.path(list.get(i)), list.get(i).length());
            }
        }
    }

    /**
     * Creates what the stuff needs below its root inside {@code directory} (folders, empty
     * folders, files at their full size, whose new bytes read as zeros; a longer file is cut)
     * and opens it for writing. Nothing is created through a symbolic link.
     */
    static StuffStorage prepare(StuffFiles files, Path directory, int bookSize) throws IOException {
        StuffLayout layout = files.layout();
        for (List<String> folder : layout.emptyFolders()) {
            createFolder(files.resolve(folder), directory);
        }
        for (StuffFile file : layout.files()) {
            Path path = files.path(file);
            createFolder(path.getParent(), directory);
            if (Files.isSymbolicLink(path)) {
                throw new IOException(path + " is a symbolic link: the player writes only its own files");
            }
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                long size = channel.size();
                if (size > file.length()) {
                    log.warn("{} is {} bytes, longer than the stuff's {}: cutting the extra bytes", path, size, file.length());
                    channel.truncate(file.length());
                } else if (size < file.length()) {
                    channel.write(ByteBuffer.allocate(1), file.length() - 1);
                }
            }
        }
        return new StuffStorage(files, true, bookSize);
    }

    /**
     * Opens a complete stuff outside the player's directory, only to read it. A folder's files
     * must be regular files of their listed sizes inside the folder: a symbolic link that leads
     * out of it is refused, so a library cannot make a seeder serve other files of its machine.
     */
    static StuffStorage readOnly(StuffFiles files, int bookSize) throws IOException {
        Path inside = files.root().toRealPath();
        for (StuffFile file : files.layout().files()) {
            Path path = files.path(file);
            if (files.layout().folder() && !path.toRealPath().startsWith(inside)) {
                throw new IOException(path + " leads out of " + files.root() + " through a symbolic link");
            }
            if (!Files.isRegularFile(path) || Files.size(path) != file.length()) {
                throw new IOException(path + " is not a file of " + file.length() + " bytes");
            }
        }
        return new StuffStorage(files, false, bookSize);
    }

    /**
     * Creates {@code folder}, below {@code directory}, one component at a time, and never
     * through a symbolic link: a link planted where a folder of the stuff goes could otherwise
     * lead the player's writes out of its directory.
     */
    private static void createFolder(Path folder, Path directory) throws IOException {
        Path base = directory.toAbsolutePath().normalize();
        Path relative = base.relativize(folder.toAbsolutePath().normalize());
        if (relative.startsWith("..")) {
            throw new IOException(folder + " is outside the player's directory " + directory);
        }
        Path at = base;
        for (Path component : relative) {
            if (component.toString().isEmpty()) {
                continue; // the directory itself
            }
            at = at.resolve(component);
            if (Files.isSymbolicLink(at)) {
                throw new IOException(at + " is a symbolic link: the player creates nothing through one");
            }
            if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(at);
            }
        }
    }

    private MappedByteBuffer[] map(Path path, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MappedByteBuffer[] pieces = new MappedByteBuffer[(int) ((length + pieceBytes - 1) / pieceBytes)];
            for (int i = 0; i < pieces.length; i++) {
                long start = i * pieceBytes;
                pieces[i] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(pieceBytes, length - start));
            }
            return pieces;
        }
    }

    StuffFiles files() {
        return files;
    }

    /**
     * The {@code length} bytes at {@code offset} of the stuff, read-only: a slice of a mapping
     * when they lie in one (always, for a file stuff), else a copy gathered from the mappings (a
     * book that runs across files).
     */
    ByteBuffer view(long offset, int length) {
        StuffLayout layout = files.layout();
        int index = layout.fileAt(offset);
        StuffFile file = layout.files().get(index);
        long at = offset - file.offset();
        if (at + length <= file.length() && at / pieceBytes == (at + length - 1) / pieceBytes) {
            return mapped[index][(int) (at / pieceBytes)].slice((int) (at % pieceBytes), length);
        }
        ByteBuffer copy = ByteBuffer.allocate(length);
        while (copy.hasRemaining()) {
            file = layout.files().get(index);
            at = offset + copy.position() - file.offset();
            if (at >= file.length()) {
                index++;
                continue;
            }
            int count = (int) Math.min(copy.remaining(), Math.min(file.length() - at, pieceBytes - at % pieceBytes));
            copy.put(copy.position(), mapped[index][(int) (at / pieceBytes)], (int) (at % pieceBytes), count);
            copy.position(copy.position() + count);
        }
        return copy.flip().asReadOnlyBuffer();
    }

    /** Writes {@code data}'s remaining bytes at {@code offset} of the stuff, across files. Book thread only. */
    void write(ByteBuffer data, long offset) throws IOException {
        if (!writable) {
            throw new IOException("the stuff is shared in place and never written");
        }
        ByteBuffer rest = data.slice();
        List<StuffFile> list = files.layout().files();
        for (int index = files.layout().fileAt(offset); rest.hasRemaining(); index++) {
            StuffFile file = list.get(index);
            long at = offset + rest.position() - file.offset();
            if (at >= file.length()) {
                continue;
            }
            int count = (int) Math.min(rest.remaining(), file.length() - at);
            ByteBuffer part = rest.slice(rest.position(), count);
            FileChannel channel = channel(index);
            while (part.hasRemaining()) {
                channel.write(part, at + part.position());
            }
            rest.position(rest.position() + count);
        }
    }

    /** File {@code index}'s channel, opened when needed; the least recently used one is closed beyond {@link netd.player.PlayerTuning#MAX_OPEN_FILES}. */
    private FileChannel channel(int index) throws IOException {
        FileChannel channel = open.get(index);
        if (channel == null) {
            if (open.size() >= MAX_OPEN_FILES) {
                var eldest = open.entrySet().iterator();
                eldest.next().getValue().close();
                eldest.remove();
            }
            channel = FileChannel.open(files.path(files.layout().files().get(index)), StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            open.put(index, channel);
        }
        return channel;
    }

    @Override
    public void close() {
        for (FileChannel channel : open.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                log.warn("closing a stuff file failed: {}", e.getMessage());
            }
        }
        open.clear();
    }
}
