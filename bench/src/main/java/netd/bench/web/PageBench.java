package netd.bench.web;

import netd.common.cli.Cli;
import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.library.LibraryFormat;
import netd.common.wire.PeerCodec;
import netd.common.wire.PeerMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast a player's web page stays with many peers and books (scripts/bench-web.sh): it
 * connects {@code --peers} downloaders to the player (handshake and interest, then they only
 * read), opens the page in a headless Chromium and, through the DevTools protocol, counts the
 * page's long tasks (50 ms or more, which a person notices) and times its /api/status
 * fetches for {@code --seconds}. Prints the figures.
 */
@Command(name = "page-bench", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Watches a player's web page with many peers in a headless Chromium and prints how fast it stays.")
public final class PageBench implements Callable<Integer> {
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern PAGE_SOCKET = Pattern.compile("\"webSocketDebuggerUrl\": \"(ws://[^\"]+/page/[^\"]+)\"");
    private static final Pattern VALUE = Pattern.compile("\"value\":\"([^\"]*)\"");
    /** Run in the page first: keeps the duration of every long task, from the first drawing on. */
    private static final String OBSERVE = "window.netdLongTasks = []; new PerformanceObserver(list => "
            + "window.netdLongTasks.push(...list.getEntries().map(e => Math.round(e.duration))))"
            + ".observe({type: 'longtask', buffered: true}); 'observing'";
    /** Run in the page at the end: long tasks; /api/status fetches; squares and peer rows shown. */
    private static final String SUMMARY = "[window.netdLongTasks.join(' '), "
            + "performance.getEntriesByType('resource').filter(e => e.name.includes('/api/status'))"
            + ".map(e => Math.round(e.duration) + ':' + e.transferSize).join(' '), "
            + "document.getElementById('count-held').textContent, document.getElementById('cell-note').textContent, "
            + "document.querySelectorAll('#peer-rows tr').length].join('|')";

    @Option(names = "--page", required = true, description = "The player's page, e.g. http://127.0.0.1:8080/.")
    private URI page;
    @Option(names = "--peer-port", required = true, description = "The player's port for peers.")
    private int peerPort;
    @Option(names = "--library", required = true, description = "The player's library file.")
    private Path libraryFile;
    @Option(names = "--peers", defaultValue = "50", description = "Downloaders to connect (default: ${DEFAULT-VALUE}).")
    private int peers;
    @Option(names = "--seconds", defaultValue = "20", description = "How long to watch (default: ${DEFAULT-VALUE}).")
    private int seconds;
    @Option(names = "--chromium", defaultValue = "/usr/bin/chromium", description = "The browser (default: ${DEFAULT-VALUE}).")
    private Path chromium;

    public static void main(String[] args) {
        System.exit(Cli.run("page-bench", new PageBench(), args));
    }

    @Override
    public Integer call() throws Exception {
        Library library = LibraryFormat.parse(Files.readAllBytes(libraryFile));
        List<Socket> downloaders = new ArrayList<>();
        Path profile = Files.createTempDirectory("netd-page-bench");
        Process browser = null;
        try {
            for (int i = 0; i < peers; i++) {
                downloaders.add(downloader(library));
            }
            browser = new ProcessBuilder(chromium.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=1100,1500", "--remote-debugging-port=0", "--user-data-dir=" + profile, page.toString())
                    .redirectErrorStream(true).start();
            int devtoolsPort = devtoolsPort(browser);
            HttpClient http = HttpClient.newHttpClient();
            String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + devtoolsPort + "/json/list"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher socket = PAGE_SOCKET.matcher(targets);
            if (!socket.find()) {
                throw new IOException("Chromium lists no page: " + targets);
            }
            DevTools page = new DevTools(http, URI.create(socket.group(1)));
            page.evaluate(OBSERVE);
            Thread.sleep(Duration.ofSeconds(seconds));
            report(page.evaluate(SUMMARY));
            return 0;
        } finally {
            for (Socket downloader : downloaders) {
                downloader.close();
            }
            if (browser != null) {
                browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    /** A downloader that says who it is and that it wants books, then reads whatever comes. */
    private Socket downloader(Library library) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), peerPort);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        PeerCodec.INSTANCE.encode(new PeerMessage.Handshake(PlayerId.generate(new SecureRandom()), library.infoHash()), out);
        PeerCodec.INSTANCE.encode(new PeerMessage.Interested(), out);
        out.flush();
        Thread.ofVirtual().start(() -> {
            try {
                socket.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // closed at the end
            }
        });
        return socket;
    }

    private static int devtoolsPort(Process browser) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8));
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            Matcher port = DEVTOOLS.matcher(line);
            if (port.find()) {
                Thread.ofVirtual().start(() -> drain(output));
                return Integer.parseInt(port.group(1));
            }
        }
        throw new IOException("Chromium ended before it opened its DevTools port");
    }

    private static void drain(BufferedReader output) {
        try {
            while (output.readLine() != null) {
                // Chromium's own messages are not figures
            }
        } catch (IOException e) {
            // it ended
        }
    }

    private void report(String summary) {
        String[] parts = summary.split("\\|", -1);
        List<Integer> longTasks = numbers(parts[0]);
        List<int[]> fetches = parts[1].isBlank() ? List.of()
                : Arrays.stream(parts[1].split(" ")).map(f -> f.split(":"))
                        .map(f -> new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])}).toList();
        List<Integer> millis = fetches.stream().map(f -> f[0]).sorted().toList();
        System.out.printf("page: %s books held; %s; %s peer rows%n", parts[2],
                parts[3].isBlank() ? "one square per book" : parts[3], parts[4]);
        if (!millis.isEmpty()) {
            System.out.printf("/api/status: %d fetches in %d s, %d bytes each (last), median %d ms, max %d ms%n",
                    millis.size(), seconds, fetches.getLast()[1], millis.get(millis.size() / 2), millis.getLast());
        }
        System.out.printf("long tasks (50 ms or more) in Chromium: %s; after the first: %d in %d s (longest %d ms)%n",
                longTasks.isEmpty() ? "none" : "first " + longTasks.getFirst() + " ms",
                Math.max(0, longTasks.size() - 1), seconds,
                longTasks.stream().skip(1).mapToInt(Integer::intValue).max().orElse(0));
    }

    private static List<Integer> numbers(String text) {
        return text.isBlank() ? List.of() : Arrays.stream(text.split(" ")).map(Integer::parseInt).toList();
    }

    /** One page's DevTools connection: evaluates expressions that return a string. */
    private static final class DevTools implements WebSocket.Listener {
        private final WebSocket socket;
        private final StringBuilder message = new StringBuilder();
        private volatile CompletableFuture<String> answer;
        private int id;

        DevTools(HttpClient http, URI uri) {
            this.socket = http.newWebSocketBuilder().buildAsync(uri, this).join();
        }

        synchronized String evaluate(String expression) throws Exception {
            answer = new CompletableFuture<>();
            String escaped = expression.replace("\\", "\\\\").replace("\"", "\\\"");
            socket.sendText("{\"id\":" + ++id + ",\"method\":\"Runtime.evaluate\",\"params\":{\"expression\":\""
                    + escaped + "\",\"returnByValue\":true}}", true).join();
            String reply = answer.get(30, TimeUnit.SECONDS);
            Matcher value = VALUE.matcher(reply);
            if (!value.find()) {
                throw new IOException("the page did not evaluate it: " + reply);
            }
            return value.group(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                String whole = message.toString();
                message.setLength(0);
                if (whole.startsWith("{\"id\":") && answer != null) {
                    answer.complete(whole);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
