package netd.common.testing;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of netd's programs started from its real jar, as a user would, for end-to-end tests.
 * Output (stdout and stderr together) is collected so a test can wait for a line; the
 * process is killed on {@link #close()} if it is still running.
 */
public final class JarProcess implements AutoCloseable {
    /** The end of an ended process's output arrives at once; this only bounds a test that would otherwise hang. */
    private static final Duration OUTPUT_END = Duration.ofSeconds(10);

    private final String program;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    /** Reads the output to its end, which comes when the process exits: joined, so nothing it said last is missed. */
    private final Thread outputReader;

    private JarProcess(String program, Process process) {
        this.program = program;
        this.process = process;
        this.outputReader = Thread.ofVirtual().name("output of " + program).start(this::collectOutput);
    }

    /** The jar of {@code module}, built by the package phase: {@code <netd.root>/<module>/target/<module>.jar}. */
    public static Path jar(String module) {
        String root = System.getProperty("netd.root", "..");
        Path jar = Path.of(root, module, "target", module + ".jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: end-to-end tests run after 'mvn package'");
        }
        return jar;
    }

    /** Starts {@code java -jar <module>.jar args...} with the Java running the tests. */
    public static JarProcess start(String module, List<String> args) throws IOException {
        return start(module, List.of(), args);
    }

    public static JarProcess start(String module, List<String> jvmOptions, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar(module).toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new JarProcess(module, process);
    }

    /** Runs a program to its end and returns its exit code and output. */
    public static Result run(String module, List<String> args, Duration timeout) throws IOException, InterruptedException {
        try (JarProcess process = start(module, args)) {
            int exit = process.waitFor(timeout);
            return new Result(exit, process.output());
        }
    }

    public record Result(int exitCode, String output) {
    }

    public static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private void collectOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process ended or was killed: the output is what it is.
        }
    }

    /** Waits for an output line matching {@code pattern} (found anywhere in the line) and returns its match. */
    public Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher matcher = pattern.matcher(lines.get(seen));
                    if (matcher.find()) {
                        return matcher;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(program + " printed no line matching '" + pattern + "' within "
                            + timeout.toSeconds() + " s; output:\n" + output());
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
            }
        }
    }

    /** Waits for the process to end; fails the test if it does not within {@code timeout}. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(program + " did not exit within " + timeout.toSeconds() + " s; output:\n" + output());
        }
        awaitOutputEnd();
        return process.exitValue();
    }

    /** Waits for the output reader to read what the ended process wrote last. */
    private void awaitOutputEnd() throws InterruptedException {
        if (!outputReader.join(OUTPUT_END)) {
            throw new AssertionError(program + " ended but its output did not within " + OUTPUT_END.toSeconds() + " s; output:\n"
                    + output());
        }
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM: a graceful stop. (Process.destroy() would also close our end of its output, losing what it says last.) */
    public void stop() {
        process.toHandle().destroy();
    }

    /** SIGKILL: no chance to clean up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (process.waitFor(10, TimeUnit.SECONDS)) {
            outputReader.join(OUTPUT_END);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
