package netd.common.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cli.run's promises: exit codes 0, 1 and 2, one sentence on stderr, no stack trace. */
class CliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureOutput() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    /** Does what its one argument says. */
    static final class Tool implements Callable<Integer> {
        final CommandDeclaration command = new CommandDeclaration(this, "tool", new String[0], new String[0]);
        final CommandDeclaration.Value<String> what = command.parameter(String.class, "WHAT", "What to do.");
        final LoggingOptions logging = new LoggingOptions(command);

        @Override
        public Integer call() throws IOException {
            logging.apply();
            return switch (what.get()) {
                case "usage" -> throw new UsageException("that is not how tool works");
                case "io" -> throw new IOException("the disk is full");
                case "silent" -> throw new IOException();
                case "memory" -> throw new OutOfMemoryError("Java heap space");
                default -> ExitCode.DONE;
            };
        }
    }

    private int run(String... args) {
        return Cli.run("tool", new Tool().command.spec(), args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void successIsZero() {
        assertEquals(0, run("fine"));
        assertEquals("", err());
    }

    @Test
    void aUsageExceptionIsOneSentenceAndTwo() {
        assertEquals(2, run("usage"));
        assertEquals("tool: that is not how tool works\n", err().replace("\r", ""));
    }

    @Test
    void aRuntimeFailureIsOneSentenceAndOne() {
        assertEquals(1, run("io"));
        assertEquals("tool: the disk is full\n", err().replace("\r", ""));
    }

    @Test
    void aFailureWithoutAMessageIsNamedByItsType() {
        assertEquals(1, run("silent"));
        assertEquals("tool: IOException\n", err().replace("\r", ""));
    }

    @Test
    void anErrorOfTheJvmIsOneSentenceAndOne() {
        assertEquals(1, run("memory"));
        assertEquals("tool: java.lang.OutOfMemoryError: Java heap space\n", err().replace("\r", ""));
    }

    @Test
    void aMistakeInTheArgumentsPointsToHelpAndIsTwo() {
        assertEquals(2, run("fine", "--no-such-option"));
        assertEquals("tool: Unknown option: '--no-such-option'\nTry 'tool --help' for the usage.\n", err().replace("\r", ""));
    }

    @Test
    void anUnknownLogLevelIsAUsageError() {
        assertEquals(2, run("--log-level", "LOUD", "fine"));
        assertEquals("tool: --log-level must be ERROR, WARN, INFO, DEBUG or TRACE, not 'LOUD'\n", err().replace("\r", ""));
    }

    @Test
    void versionNamesTheProgramAndIsZero() {
        assertEquals(0, run("--version"));
        assertEquals("netd tool " + Cli.version() + "\n", out.toString(StandardCharsets.UTF_8).replace("\r", ""));
    }
}
