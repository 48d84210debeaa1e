package netd.common.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;

import java.io.PrintWriter;

/**
 * Runs a picocli command the netd way: a user's mistake is one readable sentence on stderr
 * and exit code 2, a runtime failure one sentence and exit code 1 (the stack trace only at
 * DEBUG), success 0. {@code --help} and {@code --version} are picocli's.
 */
public final class Cli {
    private Cli() {
    }

    /** Parses {@code args}, runs {@code command} and returns the exit code. */
    public static int run(String program, Object command, String... args) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setParameterExceptionHandler((e, ignoredArgs) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println(program + ": " + e.getMessage());
            err.println("Try '" + program + " --help' for the usage.");
            return ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof UsageException) {
                err.println(program + ": " + e.getMessage());
                return ExitCode.USAGE;
            }
            err.println(program + ": " + describe(e));
            LoggerFactory.getLogger(program).debug("failure", e);
            return ExitCode.FAILURE;
        });
        return commandLine.execute(args);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** netd's version from the jar manifest, or a note that this is a development build. */
    public static String version() {
        String version = Cli.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }

    /** {@code --version}: the program's name and netd's version from the jar manifest. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"netd ${COMMAND-NAME} " + version()};
        }
    }
}
