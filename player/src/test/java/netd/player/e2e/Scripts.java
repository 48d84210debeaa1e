package netd.player.e2e;

import netd.common.testing.JarProcess;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
        // Read on a thread of its own, so that a script that hangs is bounded by the timeout, not by its output's end;
        // joined once the script ended, so that nothing it printed last is missed.
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                process.getInputStream().transferTo(output);
            } catch (IOException e) {
                // the script was killed: its output is what it is
            }
        });
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            reader.join(Duration.ofSeconds(10));
            throw new AssertionError("timed out; output:\n" + output.toString(StandardCharsets.UTF_8));
        }
        reader.join(Duration.ofSeconds(60));
        return new JarProcess.Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }
}
