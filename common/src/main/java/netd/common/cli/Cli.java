package netd.common.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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
        // Player ids start with '-' (-RO0101-7ec7150dddf3), and so may file names: an argument
        // that is no known option is a positional one.
        commandLine.setUnmatchedOptionsArePositionalParams(true);
        Failures failures = new Failures(program);
        commandLine.setParameterExceptionHandler(failures);
        commandLine.setExecutionExceptionHandler(failures);
        try {
            return commandLine.execute(args);
        } catch (Error e) {
            // picocli hands errors on (the JVM out of memory, a class missing from the jar):
            // one sentence and a failure's exit code, rather than a stack trace and a program
            // whose threads and shutdown hooks may keep it from ending.
            commandLine.getErr().println(program + ": " + e);
            LoggerFactory.getLogger(program).debug("failure", e);
            return ExitCode.FAILURE;
        }
    }

    /**
     * What a failure prints, and its exit code. A class, not two lambdas: when picocli came as
     * Java 5 class files, which the JDK's start-up cache (CDS, AOT) cannot hold, a lambda
     * implementing one of its interfaces was made anew at every start, and about 30
     * method-handle classes with it (-Xlog:class+load); a class needs no such making.
     */
    private record Failures(String program) implements IParameterExceptionHandler, IExecutionExceptionHandler {
        @Override
        public int handleParseException(ParameterException e, String[] args) {
            PrintWriter err = e.getCommandLine().getErr();
            err.println(program + ": " + e.getMessage());
            err.println("Try '" + program + " --help' for the usage.");
            return ExitCode.USAGE;
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
            PrintWriter err = command.getErr();
            if (e instanceof UsageException) {
                err.println(program + ": " + e.getMessage());
                return ExitCode.USAGE;
            }
            err.println(program + ": " + describe(e));
            LoggerFactory.getLogger(program).debug("failure", e);
            return ExitCode.FAILURE;
        }
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
