package netd.player.e2e;

import netd.common.testing.JarProcess;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The repository's scripts, run as a user runs them. */
final class Scripts {
    private Scripts() {
    }

    static Path root() {
        return Path.of(System.getProperty("netd.root", "..")).toAbsolutePath().normalize();
    }

    static Path script(String name) {
        return root().resolve("scripts").resolve(name);
    }

    /** Runs a command to its end, returning its exit code and output (stdout and stderr together). */
    static JarProcess.Result run(Duration timeout, String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out; output:\n" + output);
        }
        return new JarProcess.Result(process.exitValue(), output);
    }
}
