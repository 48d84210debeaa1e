package netd.player.e2e;

import netd.common.testing.FreePort;
import netd.common.testing.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The user-facing scripts, run as a user runs them: demo.sh and share.sh. */
class ScriptsE2ETest {
    @TempDir
    Path directory;

    private static Path script(String name) {
        return Path.of(System.getProperty("netd.root", ".."), "scripts", name).toAbsolutePath().normalize();
    }

    /** Runs a script to its end, returning its exit code and output. */
    private static JarProcess.Result runScript(Duration timeout, String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out; output:\n" + output);
        }
        return new JarProcess.Result(process.exitValue(), output);
    }

    @Test
    void demoSharesAFileAmongLeechersAndSaysSo() throws Exception {
        JarProcess.Result demo = runScript(Duration.ofMinutes(3), "bash", script("demo.sh").toString(), "4", "2");
        assertEquals(0, demo.exitCode(), demo.output());
        assertTrue(demo.output().contains("identical files: 2 of 2"), demo.output());
        assertTrue(Pattern.compile("time: [0-9.]+ s").matcher(demo.output()).find(), demo.output());
    }

    @Test
    void chaosOfKilledPlayersAndHubsEndsWithIdenticalFiles() throws Exception {
        JarProcess.Result chaos = runScript(Duration.ofMinutes(5), "bash", script("chaos.sh").toString(), "15", "8", "3");
        assertEquals(0, chaos.exitCode(), chaos.output());
        assertTrue(chaos.output().contains("every player holds the identical file"), chaos.output());
        assertTrue(Pattern.compile("chaos over: \\d+ hub kills").matcher(chaos.output()).find(), chaos.output());
    }

    @Test
    void demoRefusesNonsense() throws Exception {
        JarProcess.Result demo = runScript(Duration.ofMinutes(1), "bash", script("demo.sh").toString(), "lots");
        assertEquals(1, demo.exitCode(), demo.output());
        assertTrue(demo.output().contains("whole numbers"), demo.output());
    }

    @Test
    void shareServesAFileThatAnotherPlayerFetches() throws Exception {
        Path file = directory.resolve("holiday.bin");
        Swarm.writeRandom(file, 3 * 1024 * 1024 + 77, 11);
        int port = FreePort.find();
        Process share = new ProcessBuilder("bash", script("share.sh").toString(), file.toString(),
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
}
