package netd.librarifier;

import netd.common.library.BookHasher;
import netd.common.library.Library;
import netd.common.library.LibraryFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.InstantSource;

/** Makes a library from a file: hashes every book, then writes the library atomically. */
public final class Librarifier {
    private final BookHasher hasher;
    private final InstantSource clock;

    public Librarifier(BookHasher hasher, InstantSource clock) {
        this.hasher = hasher;
        this.clock = clock;
    }

    /** Hashes {@code settings.stuff()}, writes the library to {@code settings.output()} and returns it. */
    public Library librarify(LibrarifierSettings settings, BookHasher.Progress progress) throws IOException {
        long length;
        byte[] pieces;
        try {
            length = Files.size(settings.stuff());
            pieces = hasher.hashAll(settings.stuff(), length, settings.bookSize(), progress);
        } catch (IOException e) {
            throw IoProblem.during("reading " + settings.stuff(), e);
        }
        Library library = LibraryFormat.create(settings.announce(), settings.name(), length,
                settings.bookSize(), pieces, settings.createdBy(), clock.instant().getEpochSecond());
        try {
            AtomicFile.write(settings.output(), LibraryFormat.write(library), settings.overwrite());
        } catch (IOException e) {
            throw IoProblem.during("writing " + settings.output(), e);
        }
        return library;
    }
}
