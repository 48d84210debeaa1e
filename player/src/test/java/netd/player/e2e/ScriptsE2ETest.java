package netd.player.e2e;

import netd.common.testing.FreePort;
import netd.common.testing.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The user-facing scripts, run as a user runs them: demo.sh, share.sh, chaos.sh and player.sh. */
// Bounds each test of the class (chaos.sh is given 5 minutes): a hang fails that test, not the build.
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class ScriptsE2ETest {
    @TempDir
    Path directory;

    @Test
    void demoSharesAFileAmongLeechersAndSaysSo() throws Exception {
        JarProcess.Result demo = Scripts.run(Duration.ofMinutes(3), "bash", Scripts.script("demo.sh").toString(), "4", "2");
        assertEquals(0, demo.exitCode(), demo.output());
        assertTrue(demo.output().contains("identical files: 2 of 2"), demo.output());
        assertTrue(Pattern.compile("time: [0-9.]+ s").matcher(demo.output()).find(), demo.output());
    }

    @Test
    void chaosOfKilledPlayersAndHubsEndsWithIdenticalFiles() throws Exception {
        JarProcess.Result chaos = Scripts.run(Duration.ofMinutes(5), "bash", Scripts.script("chaos.sh").toString(), "15", "8", "3");
        assertEquals(0, chaos.exitCode(), chaos.output());
        assertTrue(chaos.output().contains("every player holds the identical file"), chaos.output());
        assertTrue(Pattern.compile("chaos over: \\d+ hub kills").matcher(chaos.output()).find(), chaos.output());
    }

    @Test
    void demoWithWebPagesPrintsTheirAddressesAndKeepsTheSwarmUpUntilStopped() throws Exception {
        Process demo = new ProcessBuilder("bash", Scripts.script("demo.sh").toString(), "--web", "4", "1")
                .redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> {
            try {
                if (!demo.waitFor(3, TimeUnit.MINUTES)) {
                    demo.destroyForcibly(); // ends the read below
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String page = null;
            String hubPage = null;
            Pattern address = Pattern.compile("^ +(hub|leecher1) +(http://127\\.0\\.0\\.1:\\d+/)$");
            for (String line = out.readLine(); line != null && !line.contains("Ctrl-C stops it"); line = out.readLine()) {
                lines.add(line);
                Matcher printed = address.matcher(line);
                if (printed.find()) {
                    if (printed.group(1).equals("hub")) {
                        hubPage = printed.group(2);
                    } else {
                        page = printed.group(2);
                    }
                }
            }
            String said = String.join("\n", lines);
            assertTrue(said.contains("identical files: 1 of 1"), said);
            assertTrue(page != null, "no address for leecher1's page:\n" + said);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest status = HttpRequest.newBuilder(URI.create(page + "api/status")).build();
            String json = http.send(status, HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(json.contains("\"complete\":true"), "the swarm is up after the check: " + json);
            assertTrue(hubPage != null, "no address for the hub's page:\n" + said);
            // A player tells the hub it completed at its next announce, which waits for the hub's min interval (1 s in a swarm this small).
            HttpRequest swarmsNow = HttpRequest.newBuilder(URI.create(hubPage + "api/swarms")).build();
            String swarms = http.send(swarmsNow, HttpResponse.BodyHandlers.ofString()).body();
            for (long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    !swarms.contains("\"complete\":2,") && System.nanoTime() < end; ) {
                Thread.sleep(200);
                swarms = http.send(swarmsNow, HttpResponse.BodyHandlers.ofString()).body();
            }
            assertTrue(swarms.contains("\"complete\":2,"), "the hub lists the seeder and the leecher as complete: " + swarms);

            demo.toHandle().destroy(); // SIGTERM, which the script handles as it handles Ctrl-C
            assertTrue(demo.waitFor(30, TimeUnit.SECONDS), "the demo did not stop");
            assertThrows(IOException.class, () -> http.send(status, HttpResponse.BodyHandlers.ofString()),
                    "the leecher still answers after the demo stopped");
        } finally {
            demo.destroyForcibly();
        }
    }

    @Test
    void demoRefusesNonsense() throws Exception {
        JarProcess.Result demo = Scripts.run(Duration.ofMinutes(1), "bash", Scripts.script("demo.sh").toString(), "lots");
        assertEquals(1, demo.exitCode(), demo.output());
        assertTrue(demo.output().contains("whole numbers"), demo.output());
    }

    @Test
    void shareServesAFileThatAnotherPlayerFetches() throws Exception {
        Path file = directory.resolve("holiday.bin");
        Swarm.writeRandom(file, 3 * 1024 * 1024 + 77, 11);
        int port = FreePort.find();
        Process share = new ProcessBuilder("bash", Scripts.script("share.sh").toString(), file.toString(),
                "--root", directory.resolve("root").toString(), "--hub-ip", "127.0.0.1", "--hub-port", String.valueOf(port))
                .redirectErrorStream(true).start();
        try {
            List<String> lines = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(share.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null && !line.contains("scripts/player.sh")) {
                lines.add(line);
            }
            assertTrue(line != null, "share.sh printed no command for other machines:\n" + String.join("\n", lines));
            assertTrue(line.contains("holiday.bin.libr None"), line);

            // Another machine: a copy of the library and a new player.
            Path elsewhere = Files.createDirectories(directory.resolve("elsewhere"));
            Path library = Files.copy(directory.resolve("holiday.bin.libr"), elsewhere.resolve("holiday.bin.libr"));
            try (JarProcess other = JarProcess.start("player", List.of(elsewhere.resolve("root").toString(),
                    library.toString(), "None", "--exit-when-done", "--bind", "127.0.0.1"))) {
                String id = other.awaitLine(Pattern.compile("player id: (\\S+)"), Swarm.START).group(1);
                assertEquals(0, other.waitFor(Duration.ofSeconds(60)), other.output());
                assertArrayEquals(Files.readAllBytes(file),
                        Files.readAllBytes(elsewhere.resolve("root").resolve(id).resolve("holiday.bin")));
            }
            assertTrue(Files.list(directory).noneMatch(p -> p.getFileName().toString().startsWith("holiday.bin.")
                    && !p.getFileName().toString().endsWith(".libr")), "share.sh copied the file");
        } finally {
            share.toHandle().destroy();
            share.waitFor(20, TimeUnit.SECONDS);
            share.destroyForcibly();
        }
    }

    /**
     * player.sh from a checkout whose path has spaces: the JVM options naming files (the
     * start-up cache, the compiler directives) stay whole, stdout starts with the player id,
     * and the next start makes the start-up cache from the training the first run recorded,
     * with nothing on the console about either.
     */
    @Test
    void playerScriptRunsFromAPathWithSpacesAndKeepsTheCacheItRecorded() throws Exception {
        Path checkout = directory.resolve("net d checkout");
        copyTree(Scripts.root().resolve("scripts"), checkout.resolve("scripts"));
        copyTree(Scripts.root().resolve("conf"), checkout.resolve("conf"));
        Path target = Files.createDirectories(checkout.resolve("player").resolve("target"));
        // The player's jar and the jars it names (Class-Path), all beside it.
        try (var jars = Files.list(JarProcess.jar("player").getParent())) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().endsWith(".jar")).toList()) {
                Files.copy(jar, target.resolve(jar.getFileName()));
            }
        }
        try (Swarm swarm = Swarm.start(Files.createDirectories(directory.resolve("swarm")), 300_000, 16 * 1024)) {
            swarm.seeder();
            for (int run = 1; run <= 2; run++) {
                Path root = directory.resolve("leecher " + run);
                Path errors = directory.resolve("stderr " + run);
                Process player = new ProcessBuilder("bash", checkout.resolve("scripts").resolve("player.sh").toString(),
                        root.toString(), swarm.libraryFile().toString(), "None", "--exit-when-done", "--bind", "127.0.0.1")
                        .redirectError(errors.toFile()).start();
                String output = new String(player.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(player.waitFor(60, TimeUnit.SECONDS), output);
                String all = output + Files.readString(errors);
                assertEquals(0, player.exitValue(), all);
                assertTrue(output.startsWith("player id: "), "stdout does not start with the player id:\n" + all);
                assertFalse(all.contains("compiler directives"), all);
                // Recording the start-up cache and making it are silent.
                assertFalse(all.contains("AOT") || all.contains("Picked up"), all);
                String id = output.lines().findFirst().orElseThrow().substring("player id: ".length());
                swarm.assertIdentical(root.resolve(id).resolve(swarm.library().name()));
            }
            // The first run recorded a training under a name of its own; the second start made the cache.
            assertTrue(Files.exists(target.resolve("player.aot")) || Files.exists(target.resolve("player.jsa")),
                    "no start-up cache beside the jar: " + Files.list(target).toList());
        }
    }

    /**
     * Two launchers started at once in a checkout whose jar is missing build it once: the
     * second waits for the first's lock and then finds the jar built. Maven here is a stand-in
     * on PATH that records each run, takes two seconds and puts the real jars in place.
     */
    @Test
    void twoLaunchersStartedTogetherBuildOnce() throws Exception {
        Path checkout = directory.resolve("checkout");
        copyTree(Scripts.root().resolve("scripts"), checkout.resolve("scripts"));
        copyTree(Scripts.root().resolve("conf"), checkout.resolve("conf"));
        Path bin = Files.createDirectories(directory.resolve("bin"));
        Path runs = directory.resolve("maven-runs");
        Path maven = bin.resolve("mvn");
        Files.writeString(maven, "#!/bin/sh\n"
                + "echo \"$*\" >> '" + runs + "'\n"
                + "sleep 2\n"
                + "mkdir -p player/target && cp '" + JarProcess.jar("player").getParent() + "'/*.jar player/target/\n");
        assertTrue(maven.toFile().setExecutable(true));
        List<Process> launchers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder builder = new ProcessBuilder("bash", checkout.resolve("scripts").resolve("player.sh").toString(), "--version")
                    .redirectErrorStream(true);
            builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            launchers.add(builder.start());
        }
        for (Process launcher : launchers) {
            String output = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), output);
            assertEquals(0, launcher.exitValue(), output);
            assertTrue(output.contains("netd player"), output);
        }
        List<String> builds = Files.readAllLines(runs);
        assertEquals(1, builds.size(), "Maven ran " + builds);
        assertTrue(builds.getFirst().contains("package -pl player -am"), builds.getFirst());
        assertFalse(Files.exists(checkout.resolve("target").resolve("build.lock")), "the lock was left behind");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path copy = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
    }
}
