package netd.librarifier.cli;

import netd.common.cli.Cli;
import netd.common.cli.CommandDeclaration;
import netd.common.cli.CommandDeclaration.Value;
import netd.common.cli.HashingProgress;
import netd.common.cli.Terminal;
import netd.common.cli.ExitCode;
import netd.common.cli.LoggingOptions;
import netd.common.cli.UsageException;
import netd.common.library.BookHasher;
import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.library.StuffLayout;
import netd.librarifier.BookSizeChoice;
import netd.common.library.LibraryLimits;
import netd.librarifier.Librarifier;
import netd.librarifier.LibrarifierSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;

/** {@code librarifier ADDR PATH BOOK_SIZE OUTPUT}: makes the library (.libr) of a file. */
public final class LibrarifierMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(LibrarifierMain.class);
    private static final String[] DESCRIPTION = {"Makes the library (.libr) that lets players share a file or a folder."};
    private static final String[] FOOTER = {"", "Examples:",
            "  librarifier 127.0.0.1/8001 movie.mkv 0x4000 movie.libr",
            "      16 KiB books, the size players of the original implementation need",
            "  librarifier 127.0.0.1/8001 photos/ auto photos.libr",
            "      a folder, with the book size chosen for its size (a netd library)",
            "  librarifier 192.168.1.10/8001 big.iso 16384 big.libr --force",
            "      the same size in decimal, replacing big.libr if it exists",
            "", "Exit codes: 0 done, 1 an I/O failure, 2 a mistake in the command."};

    private final CommandDeclaration command = new CommandDeclaration(this, "librarifier", DESCRIPTION, FOOTER);

    private final Value<HostPort> announce = command.parameter(PositionalParamSpec.builder()
            .type(HostPort.class).converters(new HostPortConverter()).paramLabel("ADDR")
            .description("The hub's address as IP/PORT, e.g. 127.0.0.1/8001."));

    private final Value<Path> stuff = command.parameter(Path.class, "PATH", "The file or folder to share.");

    private final Value<Integer> bookSize = command.parameter(PositionalParamSpec.builder()
            .type(int.class).converters(new BookSizeConverter()).paramLabel("BOOK_SIZE")
            .description("Bytes per book, decimal or 0x hex: a power of two from 0x4000 (16 KiB) to 0x1000000 (16 MiB), "
                    + "or auto: 16 KiB when players of the original implementation can use the library, else the "
                    + "smallest size that keeps the books at most 65536. Only 0x4000 lets original players join; a "
                    + "folder, or books the original's frames cannot carry, make a netd library, for netd players only."));

    private final Value<Path> output = command.parameter(Path.class, "OUTPUT", "The library file to write.");

    private final Value<Boolean> force = command.flag(new String[] {"-f", "--force"}, "Replace OUTPUT if it exists.");

    private final LoggingOptions logging = new LoggingOptions(command);

    public static void main(String[] args) {
        System.exit(Cli.run("librarifier", new LibrarifierMain().commandLine(), args));
    }

    /** The declared command line, for picocli. */
    public CommandSpec commandLine() {
        return command.spec();
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        logging.apply();
        Path stuff = this.stuff.get();
        Path output = this.output.get();
        boolean force = this.force.get();
        StuffLayout layout = FileChecks.stuffLayout(stuff);
        long length = layout.length();
        BookSizeChoice choice;
        try {
            choice = BookSizeChoice.of(layout, bookSize.get());
        } catch (IllegalArgumentException e) {
            throw new UsageException("cannot make a library that breaks the protocol's limits: " + e.getMessage());
        }
        String name = FileChecks.stuffName(stuff, choice.netd());
        FileChecks.checkOutput(output, force);
        warnAboutOriginalPlayers(length, choice);
        LibrarifierSettings settings = new LibrarifierSettings(announce.get(), stuff, name, layout, choice,
                output, force, "netd librarifier " + Cli.version());
        Librarifier librarifier = new Librarifier(BookHasher.withAllCores(), InstantSource.system());
        Library library;
        try (HashingProgress progress = showProgress() ? new HashingProgress(System.err, "hashing", length) : null) {
            library = librarifier.librarify(settings, progress == null ? BookHasher.Progress.NONE : progress);
        }
        log.info("wrote {}: {}{} books of {} bytes, info hash {}", output, choice.netd() ? "a netd library, " : "",
                library.bookCount(), choice.bookSize(), library.infoHash());
        return ExitCode.DONE;
    }

    private void warnAboutOriginalPlayers(long length, BookSizeChoice choice) {
        int bookSize = choice.bookSize();
        if (choice.netd()) {
            log.info("a netd library (a folder, or books beyond the original's frames): only netd players can use it");
        } else if (bookSize != LibraryLimits.ORIGINAL_BOOK_SIZE) {
            log.warn("the book size is {}, not 16384 (0x4000): players of the original implementation cannot join", bookSize);
        } else if (LibraryLimits.bookCount(length, bookSize) > LibraryLimits.ORIGINAL_MAX_BOOKS) {
            log.warn("{} books are more than the {} whose bitfield players of the original implementation can read: "
                    + "they cannot join", LibraryLimits.bookCount(length, bookSize), LibraryLimits.ORIGINAL_MAX_BOOKS);
        }
    }

    /** A progress line only makes sense on a terminal, and not when asked to be quiet. */
    private boolean showProgress() {
        return !logging.quiet() && Terminal.isInteractive();
    }
}
