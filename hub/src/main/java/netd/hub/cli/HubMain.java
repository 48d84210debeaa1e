package netd.hub.cli;

import netd.common.cli.Arguments;
import netd.common.cli.Cli;
import netd.common.cli.CommandDeclaration;
import netd.common.cli.CommandDeclaration.Value;
import netd.common.cli.ExitCode;
import netd.common.cli.LoggingOptions;
import netd.common.cli.UsageException;
import netd.common.http.ReadOnlyHttpServer;
import netd.hub.AddressProbe;
import netd.hub.AnnounceTiming;
import netd.hub.HubLibrary;
import netd.hub.HubMetrics;
import netd.hub.HubRegistry;
import netd.hub.HubServer;
import netd.hub.HubSettings;
import netd.hub.InMemoryRegistry;
import netd.hub.Registrar;
import netd.hub.web.HubWeb;
import netd.hub.redis.RedisAddress;
import netd.hub.redis.RedisRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** The hub's command line. */
public final class HubMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(HubMain.class);
    /** Longest answer that fits one frame with room to spare: a player entry is about 80 bytes. */
    private static final int ANSWER_PLAYERS_LIMIT = 500;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final String MEMORY = "memory";
    private static final String[] DESCRIPTION = {
            "The netd hub (tracker): keeps, for every stuff, the players that announce themselves, and "
                    + "answers each announce with other players of the same stuff.",
            "A player silent for 2 x interval plus half an interval (at least 1 s) is dropped, and so is a "
                    + "connection that sends nothing for that long.",
            "Runs until stopped with Ctrl-C or SIGTERM, then closes every connection and exits 0."};
    private static final String[] FOOTER = {
            "",
            "Exit codes: 0 stopped, 1 could not listen or reach the store, 2 usage error.",
            "",
            "Examples:",
            "  hub --port 8001 --interval 15 --max-connections 20000",
            "  hub --http-port 9101   (page: http://127.0.0.1:9101/, and /metrics)",
            "  hub --port 8001 --store redis://10.0.0.5:6379/0"};

    private final CommandDeclaration command = new CommandDeclaration(this, "hub", DESCRIPTION, FOOTER);

    private final Value<Integer> port = command.option(int.class, "--port", "PORT", "8001",
            "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).");

    private final Value<String> bind = command.option(String.class, "--bind", "ADDR", null,
            "Address to listen on (default: every address).");

    private final Value<Integer> interval = command.option(int.class, "--interval", "SECONDS", "15",
            "Seconds players should wait between announces (default: ${DEFAULT-VALUE}).");

    private final Value<Integer> minInterval = command.option(int.class, "--min-interval", "SECONDS", "5",
            "Announces sooner than this are answered with a warning (default: ${DEFAULT-VALUE}).");

    private final Value<Integer> maxAnswerPlayers = command.option(int.class, "--max-answer-players", "N", "50",
            "Players listed in one answer at most (default: ${DEFAULT-VALUE}).");

    private final Value<Integer> maxConnections = command.option(int.class, "--max-connections", "N", "20000",
            "Open connections at most; more are closed at once (default: ${DEFAULT-VALUE}).");

    private final Value<Integer> httpPort = command.option(Integer.class, "--http-port", "PORT", null,
            "Serve a web page of the swarms, /metrics (Prometheus) and /api/swarms (JSON) over HTTP on this port, "
                    + "read-only (default: off; 0 picks a free one).");

    private final Value<String> httpBind = command.option(String.class, "--http-bind", "ADDR", "127.0.0.1",
            "Address the HTTP port listens on (default: ${DEFAULT-VALUE}; give 0.0.0.0 for every address).");

    private final Value<String> store = command.option(String.class, "--store", "STORE", MEMORY,
            "Where registrations are kept: 'memory' (default), or redis://HOST:PORT[/DB] to share the swarms "
                    + "with every hub using the same Redis.");

    private final LoggingOptions logging = new LoggingOptions(command);

    public static void main(String[] args) {
        System.exit(Cli.run("hub", new HubMain().commandLine(), args));
    }

    /** The declared command line, for picocli. */
    public CommandSpec commandLine() {
        return command.spec();
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        logging.apply();
        HubSettings settings = settings();
        InetSocketAddress httpAddress = httpAddress();
        RedisAddress redis = store.get().equals(MEMORY) ? null : redisAddress();
        HubMetrics metrics = new HubMetrics();
        String hubId = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        HubRegistry registry = redis == null ? new InMemoryRegistry()
                : RedisRegistry.connect(redis, hubId, settings.timing(), InstantSource.system(), metrics);
        Registrar registrar = new Registrar(registry, settings.timing(), settings.maxAnswerPlayers(), InstantSource.system(),
                new SplittableRandom());
        HubLibrary library = new HubLibrary(registrar, new AddressProbe(settings.probeTimeout()), metrics, redis != null);
        HubServer server;
        try {
            server = startServer(settings, library);
        } catch (IOException e) {
            library.close();
            registry.close();
            throw e;
        }
        ReadOnlyHttpServer web = httpAddress == null ? null : startWeb(httpAddress, new HubWeb(library, metrics), server);
        log.info("hub listening on {} (interval {} s, min interval {} s, players dropped after {} s of silence, "
                        + "up to {} players per answer, up to {} connections, {})",
                HubSettings.describe(server.address()), interval.get(), minInterval.get(), settings.timing().silenceLimit().toSeconds(),
                maxAnswerPlayers.get(), maxConnections.get(), redis == null ? "registrations in memory" : "registrations in " + redis + " as hub " + hubId);
        if (web != null) {
            String at = HubSettings.describe(web.address());
            log.info("hub web on http://{}/metrics and /api/swarms; its page: http://{}/", at, at);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnSignal(server, library, registry), "hub-stop"));
        server.awaitStop();
        if (web != null) {
            web.close();
        }
        // Stopped by a signal, the hook has stopped the hub already (and exits 0); otherwise accepting failed.
        boolean failed = server.stop();
        library.close();
        registry.close();
        return failed ? ExitCode.FAILURE : ExitCode.DONE;
    }

    private RedisAddress redisAddress() {
        try {
            return RedisAddress.parse(store.get());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--store: " + e.getMessage() + " (or 'memory')");
        }
    }

    private HubSettings settings() {
        int port = this.port.get();
        int interval = this.interval.get();
        int minInterval = this.minInterval.get();
        int maxAnswerPlayers = this.maxAnswerPlayers.get();
        int maxConnections = this.maxConnections.get();
        Arguments.requireRange("--port", port, 0, 65535);
        Arguments.requireRange("--interval", interval, 1, 86_400);
        Arguments.requireRange("--min-interval", minInterval, 0, interval);
        Arguments.requireRange("--max-answer-players", maxAnswerPlayers, 1, ANSWER_PLAYERS_LIMIT);
        Arguments.requireRange("--max-connections", maxConnections, 1, Integer.MAX_VALUE);
        AnnounceTiming timing = AnnounceTiming.of(Duration.ofSeconds(interval), Duration.ofSeconds(minInterval));
        return new HubSettings(Arguments.bindAddress(bind.get()), port, timing, maxAnswerPlayers, maxConnections, PROBE_TIMEOUT);
    }



    /** Where --http-port listens, or null when it is not given. */
    private InetSocketAddress httpAddress() {
        Integer httpPort = this.httpPort.get();
        if (httpPort == null) {
            return null;
        }
        Arguments.requireRange("--http-port", httpPort, 0, 65535);
        InetAddress address = Arguments.bindAddress("--http-bind", httpBind.get());
        return new InetSocketAddress(address, httpPort);
    }

    /** The web side; when its port cannot be listened on, the hub stops again and the run fails with one sentence. */
    private static ReadOnlyHttpServer startWeb(InetSocketAddress address, HubWeb web, HubServer server)
            throws IOException, InterruptedException {
        try {
            return ReadOnlyHttpServer.start(address, web.routes());
        } catch (IOException e) {
            server.stop();
            throw new IOException("cannot serve HTTP on " + HubSettings.describe(address) + ": " + e.getMessage()
                    + " (choose another --http-port or --http-bind)");
        }
    }

    private static HubServer startServer(HubSettings settings, HubLibrary library) throws IOException {
        try {
            return HubServer.start(settings, library);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + HubSettings.describe(settings.address()) + ": " + e.getMessage()
                    + " (is another hub running there? choose another --port or --bind)");
        }
    }

    /**
     * The JVM ends a run stopped by a signal with 128 + the signal's number; a hub asked to
     * stop has done nothing wrong, so once everything is closed it exits 0.
     */
    private static void stopOnSignal(HubServer server, HubLibrary library, HubRegistry registry) {
        try {
            if (server.stop()) {
                library.close();
                registry.close();
                log.info("hub stopped");
                Runtime.getRuntime().halt(0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
