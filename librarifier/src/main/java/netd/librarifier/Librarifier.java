package netd.librarifier;

import netd.common.library.BookHasher;
import netd.common.library.Library;
import netd.common.library.LibraryFormat;
import netd.common.library.NetdInfo;
import netd.common.library.StuffFiles;
import netd.common.library.StuffLayout;

import java.io.IOException;
import java.time.InstantSource;

/** Makes a library from a file or a folder: hashes every book, then writes the library atomically. */
public final class Librarifier {
    private final BookHasher hasher;
    private final InstantSource clock;

    public Librarifier(BookHasher hasher, InstantSource clock) {
        this.hasher = hasher;
        this.clock = clock;
    }

    /** Hashes {@code settings.stuff()}, writes the library to {@code settings.output()} and returns it. */
    public Library librarify(LibrarifierSettings settings, BookHasher.Progress progress) throws IOException {
        StuffLayout layout = settings.layout();
        int bookSize = settings.bookSize().bookSize();
        byte[] pieces;
        try {
            pieces = layout.folder()
                    ? hasher.hashAll(new StuffFiles(settings.stuff(), layout), 0, layout.length(), bookSize, progress)
                    : hasher.hashAll(settings.stuff(), layout.length(), bookSize, progress);
        } catch (IOException e) {
            throw IoProblem.during("reading " + settings.stuff(), e);
        }
        long now = clock.instant().getEpochSecond();
        Library library = settings.bookSize().netd()
                ? NetdInfo.create(settings.announce(), settings.name(), layout, bookSize, pieces, settings.createdBy(), now)
                : LibraryFormat.create(settings.announce(), settings.name(), layout.length(), bookSize, pieces,
                        settings.createdBy(), now);
        try {
            AtomicFile.write(settings.output(), LibraryFormat.write(library), settings.overwrite());
        } catch (IOException e) {
            throw IoProblem.during("writing " + settings.output(), e);
        }
        return library;
    }
}
