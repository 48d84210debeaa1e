package netd.player.e2e;

import netd.common.id.PlayerId;
import netd.common.library.BookHasher;
import netd.common.library.HostPort;
import netd.common.library.Library;
import netd.common.library.LibraryFormat;
import netd.common.library.NetdInfo;
import netd.common.library.StuffLayout;
import netd.common.testing.FreePort;
import netd.common.testing.JarProcess;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A whole swarm on 127.0.0.1 for end-to-end tests: a real hub, a stuff of random bytes with
 * its library, and real players started from their jars, each in its own directory. Closing
 * the swarm kills whatever still runs.
 */
public final class Swarm implements AutoCloseable {
    public static final Duration START = Duration.ofSeconds(30);
    private static final Pattern PLAYER_ID = Pattern.compile("player id: (\\S+)");
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    private final Path directory;
    private final Path stuff;
    private final Path libraryFile;
    private final Library library;
    private final int hubPort;
    private final List<String> hubArgs;
    private final List<JarProcess> processes = new ArrayList<>();
    private JarProcess hub;
    private String heap = "256m";

    private Swarm(Path directory, Path stuff, Path libraryFile, Library library, int hubPort, List<String> hubArgs) {
        this.directory = directory;
        this.stuff = stuff;
        this.libraryFile = libraryFile;
        this.library = library;
        this.hubPort = hubPort;
        this.hubArgs = hubArgs;
    }

    /** A swarm sharing {@code size} random bytes in books of {@code bookSize}; the hub runs with {@code hubArgs}. */
    public static Swarm start(Path directory, long size, int bookSize, String... hubArgs) throws Exception {
        return start(directory, "stuff.bin", size, bookSize, false, hubArgs);
    }

    /** The same, with the stuff named {@code name} in its library. */
    public static Swarm startNamed(Path directory, String name, long size, int bookSize, String... hubArgs)
            throws Exception {
        return start(directory, name, size, bookSize, false, hubArgs);
    }

    /** A swarm sharing {@code size} random bytes as a netd library (PROTOCOL-EXTENSIONS.md) of one file. */
    public static Swarm startNetd(Path directory, long size, int bookSize, String... hubArgs) throws Exception {
        return start(directory, "stuff.bin", size, bookSize, true, hubArgs);
    }

    private static Swarm start(Path directory, String name, long size, int bookSize, boolean netd, String... hubArgs)
            throws Exception {
        Path stuff = directory.resolve("original.bin");
        writeRandom(stuff, size, size * 31 + bookSize);
        int port = FreePort.find();
        byte[] hashes = BookHasher.withAllCores().hashAll(stuff, size, bookSize, BookHasher.Progress.NONE);
        HostPort hub = new HostPort("127.0.0.1", port);
        Library library = netd
                ? NetdInfo.create(hub, name, StuffLayout.file(size), bookSize, hashes, "netd tests", null)
                : LibraryFormat.create(hub, name, size, bookSize, hashes, "netd tests", null);
        Path libraryFile = directory.resolve("stuff.libr");
        Files.write(libraryFile, LibraryFormat.write(library));
        Swarm swarm = new Swarm(directory, stuff, libraryFile, library, port, List.of(hubArgs));
        swarm.startHub();
        return swarm;
    }

    static void writeRandom(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += buffer.length) {
                random.nextBytes(buffer);
                out.write(buffer, 0, (int) Math.min(buffer.length, size - written));
            }
        }
    }

    public void startHub() throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(hubPort), "--bind", "127.0.0.1"));
        args.addAll(hubArgs);
        hub = track(JarProcess.start("hub", args));
        hub.awaitLine(Pattern.compile("listening"), START);
    }

    /** Players started from now on get a heap of {@code size} (a -Xmx value): a leak shows as an OutOfMemoryError. */
    public Swarm heap(String size) {
        heap = size;
        return this;
    }

    public JarProcess hub() {
        return hub;
    }

    public Library library() {
        return library;
    }

    public Path libraryFile() {
        return libraryFile;
    }

    public int hubPort() {
        return hubPort;
    }

    /** A player whose directory holds the whole stuff: a seeder. */
    public Player seeder(String... options) throws Exception {
        Path root = Files.createDirectories(directory.resolve("seeders"));
        PlayerId id = PlayerId.generate(new SecureRandom());
        Path home = Files.createDirectories(root.resolve(id.text()));
        Files.copy(stuff, home.resolve(library.name()));
        return player(root, id.text(), options);
    }

    /** A new player ({@code None}) in its own root. */
    public Player leecher(String... options) throws Exception {
        Path root = Files.createDirectories(directory.resolve("leechers"));
        return player(root, "None", options);
    }

    /** Starts a player of the stuff; {@code id} is an existing player's id or None. */
    public Player player(Path root, String id, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(root.toString(), libraryFile.toString(), id, "--bind", "127.0.0.1"));
        args.addAll(List.of(options));
        JarProcess process = track(JarProcess.start("player", List.of("-Xmx" + heap), args));
        Matcher idLine = process.awaitLine(PLAYER_ID, START);
        return new Player(process, root, idLine.group(1), root.resolve(idLine.group(1)).resolve(library.name()));
    }

    /** A running player: its process, root, id and stuff file. */
    public record Player(JarProcess process, Path root, String id, Path file) {
        /** Waits for the player's exit (it runs with --exit-when-done) and checks it succeeded. */
        public void awaitDone(Duration timeout) throws InterruptedException {
            int exit = process.waitFor(timeout);
            assertEquals(0, exit, "player " + id + " exit code; output:\n" + process.output());
        }

        /** The port the player listens on for downloaders. */
        public int port() throws InterruptedException {
            return Integer.parseInt(process.awaitLine(LISTENING, START).group(1));
        }

        /** A figure of the player's summary line: "downloaded" or "uploaded" bytes. */
        public long summary(String figure) throws InterruptedException {
            String line = process.awaitLine(Pattern.compile("summary: .*"), Duration.ofSeconds(5)).group();
            Matcher named = Pattern.compile(figure + " (\\d+) bytes").matcher(line);
            if (!named.find()) {
                throw new AssertionError("no '" + figure + "' figure in: " + line);
            }
            return Long.parseLong(named.group(1));
        }
    }

    /** Asserts {@code file} holds exactly the original stuff. */
    public void assertIdentical(Path file) throws IOException {
        assertArrayEquals(Files.readAllBytes(stuff), Files.readAllBytes(file), file + " differs from the original");
    }

    public JarProcess track(JarProcess process) {
        processes.add(process);
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        for (JarProcess process : processes) {
            process.close();
        }
    }
}
