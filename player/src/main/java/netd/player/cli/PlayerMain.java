package netd.player.cli;

import netd.common.ProtocolException;
import netd.common.cli.Arguments;
import netd.common.cli.Cli;
import netd.common.cli.LoggingOptions;
import netd.common.cli.Terminal;
import netd.common.cli.UsageException;
import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.library.LibraryFormat;
import netd.common.library.LibraryLimits;
import netd.player.Player;
import netd.player.PlayerSettings;
import netd.common.cli.CommandDeclaration;
import netd.common.cli.CommandDeclaration.Value;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code player ROOT_DIR LIBRARY_FILE PLAYER_ID}: joins the swarm of a library's stuff. */
public final class PlayerMain implements Callable<Integer> {
    private static final String[] DESCRIPTION = {
            "Joins the swarm of a library's stuff: downloads every book it lacks from other players, "
                    + "verifies each against its SHA-1, and uploads the books it has.",
            "The stuff (a file or a folder) lives in ROOT_DIR/PLAYER_ID/<name from the library>. A player whose directory "
                    + "already holds the whole stuff is a seeder: that is how a file is shared."};
    private static final String[] FOOTER = {"", "Examples:",
            "  player root movie.libr None",
            "      a new player: it prints 'player id: <id>' first",
            "  player root movie.libr -ND0100-0123456789ab",
            "      the same player again: it resumes with the books it holds",
            "  player root movie.libr None --http-port 8080",
            "      and watch it at http://127.0.0.1:8080/",
            "", "Exit codes: 0 done, 1 runtime failure, 2 usage error."};

    private final CommandDeclaration command = new CommandDeclaration(this, "player", DESCRIPTION, FOOTER);

    private final Value<Path> root = command.parameter(Path.class, "ROOT_DIR", "Directory holding one directory per player id.");

    private final Value<Path> libraryFile = command.parameter(Path.class, "LIBRARY_FILE", "The .libr file of the stuff.");

    private final Value<String> playerIdText = command.parameter(String.class, "PLAYER_ID",
            "An existing player's id, or None for a new player.");

    private final Value<Integer> port = command.option(int.class, "--port", "N", "0",
            "Port to listen on (default: a random free port).");

    private final Value<Integer> announcePort = command.option(int.class, "--announce-port", "N", "0",
            "Port to tell the hub, when other players reach this one on a port forwarded to the one it "
                    + "listens on (a router's or a container's port mapping; default: the port it listens on).");

    private final Value<String> bind = command.option(String.class, "--bind", "ADDR", null,
            "Local address to listen on (default: every interface).");

    private final Value<Boolean> exitWhenDone = command.flag(new String[] {"--exit-when-done"},
            "Exit 0 once the stuff is complete and verified and no downloader wants its books, 2 s after at most "
                    + "(default: keep seeding).");

    private final Value<Integer> maxUploads = command.option(int.class, "--max-uploads", "N", "4",
            "Downloaders served at once while downloading, plus one optimistic unchoke; a seeding "
                    + "player serves 4 times as many, in turns (default: ${DEFAULT-VALUE}).");

    private final Value<Integer> maxDownloads = command.option(int.class, "--max-downloads", "N", "8",
            "Players downloaded from at once (default: ${DEFAULT-VALUE}).");

    private final Value<Integer> maxConnections = command.option(int.class, "--max-connections", "N", "50",
            "Peer connections open at once, both ways (default: ${DEFAULT-VALUE}).");

    private final Value<Integer> pipelineDepth = command.option(int.class, "--pipeline", "N", "16",
            "Requests in flight per uploader while three or more serve this player; with fewer, "
                    + "each is asked more, up to 3 times N with one. An uploader that answers fast is asked for "
                    + "a second of its books at its pace, so that a link with a long round trip stays full. "
                    + "Never more than 128; original players always get 1 (default: ${DEFAULT-VALUE}).");

    private final Value<Integer> maxUploadRateKib = command.option(int.class, "--max-upload-rate", "KIB_PER_S", "0",
            "Upload at most this many KiB of books per second, to all downloaders together (default: no limit).");

    /** For tests and experts: a short round lets choking matter in a swarm that lasts seconds. */
    private final Value<Integer> chokeIntervalSeconds = command.option(OptionSpec.builder("--choke-interval")
            .type(int.class).paramLabel("SECONDS").defaultValue("10").hidden(true)
            .description("Seconds between choking rounds (default: ${DEFAULT-VALUE})."));

    private final Value<Path> sharedStuff = command.option(Path.class, "--stuff", "PATH", null,
            "Share this complete file or folder in place, without copying it into the player's directory "
                    + "(it is only read).");

    private final Value<Path> statusFile = command.option(Path.class, "--status-file", "FILE", null,
            "Write the figures as JSON to FILE every second, replaced atomically.");

    private final Value<Integer> httpPort = command.option(Integer.class, "--http-port", "N", null,
            "Serve a read-only web page of the player's progress and peers on port N, with /api/status "
                    + "(JSON) and /metrics (Prometheus); 0 picks a free port (default: no page).");

    private final Value<String> httpBind = command.option(String.class, "--http-bind", "ADDR", "127.0.0.1",
            "Local address of the web page (default: ${DEFAULT-VALUE}, this machine only).");

    private final LoggingOptions logging = new LoggingOptions(command);

    public static void main(String[] args) {
        int exit = Cli.run("player", new PlayerMain().commandLine(), args);
        // Halt: the work is done and closed, and a shutdown hook must not wait for a stop that already happened.
        System.out.flush();
        Runtime.getRuntime().halt(exit);
    }

    /** The declared command line, for picocli. */
    public CommandSpec commandLine() {
        return command.spec();
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        logging.apply();
        int port = this.port.get();
        int announcePort = this.announcePort.get();
        int maxUploads = this.maxUploads.get();
        int maxDownloads = this.maxDownloads.get();
        int maxConnections = this.maxConnections.get();
        int pipelineDepth = this.pipelineDepth.get();
        int maxUploadRateKib = this.maxUploadRateKib.get();
        int chokeIntervalSeconds = this.chokeIntervalSeconds.get();
        Integer httpPort = this.httpPort.get();
        Path root = this.root.get();
        String playerIdText = this.playerIdText.get();
        Path sharedStuff = this.sharedStuff.get();
        Arguments.requireRange("--port", port, 0, 65535);
        Arguments.requireRange("--announce-port", announcePort, 0, 65535);
        Arguments.requireRange("--max-uploads", maxUploads, 1, 1000);
        Arguments.requireRange("--max-downloads", maxDownloads, 1, 1000);
        Arguments.requireRange("--max-connections", maxConnections, 2, 100_000);
        Arguments.requireRange("--pipeline", pipelineDepth, 1, 1024);
        Arguments.requireRange("--max-upload-rate", maxUploadRateKib, 0, 1 << 22);
        Arguments.requireRange("--choke-interval", chokeIntervalSeconds, 1, 3600);
        InetSocketAddress webAddress = null;
        if (httpPort != null) {
            Arguments.requireRange("--http-port", httpPort, 0, 65535);
            webAddress = new InetSocketAddress(Arguments.bindAddress("--http-bind", httpBind.get()), httpPort);
        }
        Library library = readLibrary();
        // A new player makes a missing ROOT_DIR; another new player may be making it right now,
        // so what exists is asked once more whether it is a directory.
        if (Files.exists(root) ? !Files.isDirectory(root) : !"None".equals(playerIdText)) {
            throw new UsageException("ROOT_DIR " + root + " is not a directory");
        }
        PlayerId playerId = playerId(playerIdText);
        Path directory = root.resolve(playerId.text());
        if ("None".equals(playerIdText)) {
            Files.createDirectories(directory);
        } else if (!Files.isDirectory(directory)) {
            throw new UsageException("there is no player " + playerId + " in " + root + " (no directory " + directory + ")");
        }
        Path stuff = directory.resolve(library.name()).normalize();
        if (!stuff.getParent().equals(directory.normalize())) {
            throw new UsageException("the library's name '" + library.name() + "' would leave the player's directory");
        }
        if (sharedStuff != null && library.layout().folder()) {
            if (!Files.isDirectory(sharedStuff)) {
                throw new UsageException("--stuff " + sharedStuff + " is not a folder, but the library's stuff is one");
            }
            stuff = sharedStuff;
        } else if (sharedStuff != null) {
            if (!Files.isRegularFile(sharedStuff)) {
                throw new UsageException("--stuff " + sharedStuff + " is not a file");
            }
            if (Files.size(sharedStuff) != library.length()) {
                throw new UsageException("--stuff " + sharedStuff + " has " + Files.size(sharedStuff)
                        + " bytes, but the library's stuff has " + library.length());
            }
            stuff = sharedStuff;
        }
        System.out.println("player id: " + playerId.text());
        System.out.flush();
        PlayerSettings settings = new PlayerSettings(playerId, library, directory, stuff, sharedStuff != null,
                Arguments.bindAddress(bind.get()), port, announcePort, exitWhenDone.get(),
                maxUploads, maxDownloads, maxConnections, pipelineDepth, maxUploadRateKib * 1024L,
                Duration.ofSeconds(chokeIntervalSeconds), statusFile.get(), webAddress,
                !logging.quiet() && Terminal.isInteractive());
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGINT/SIGTERM: stop gracefully (finish writes, tell the hub, close links), then exit 0.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(0);
        }, "shutdown"));
        try {
            new Player(settings, System.out).run(stopRequested, stopped);
        } finally {
            stopped.countDown(); // also when run failed before it could: the hook must not wait for ever
        }
        return 0;
    }

    private Library readLibrary() throws IOException {
        Path libraryFile = this.libraryFile.get();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(libraryFile)) {
            bytes = in.readNBytes(LibraryLimits.MAX_LIBRARY_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new UsageException("the library file " + libraryFile + " does not exist");
        } catch (IOException e) {
            throw new UsageException("the library file " + libraryFile + " cannot be read: " + e.getMessage());
        }
        try {
            return LibraryFormat.parse(bytes);
        } catch (ProtocolException e) {
            throw new UsageException(libraryFile + " is not a valid library: " + e.getMessage());
        }
    }

    private static PlayerId playerId(String playerIdText) {
        if ("None".equals(playerIdText)) {
            return PlayerId.generate(new SecureRandom());
        }
        try {
            return PlayerId.parse(playerIdText);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }


}
