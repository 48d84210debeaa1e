package netd.common.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The logging options every program takes (a picocli mixin); {@link #apply()} sets logback up. */
public final class LoggingOptions {
    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "ERROR, WARN, INFO (default), DEBUG or TRACE.")
    private String level = "INFO";

    @Option(names = {"-q", "--quiet"}, description = "Log only warnings and errors, and show no progress.")
    private boolean quiet;

    @Option(names = "--log-file", paramLabel = "FILE", description = "Also write the log to FILE.")
    private Path logFile;

    public boolean quiet() {
        return quiet;
    }

    public void apply() {
        Level chosen = quiet ? Level.WARN : Level.toLevel(level.toUpperCase(java.util.Locale.ROOT), null);
        if (chosen == null) {
            throw new UsageException("--log-level must be ERROR, WARN, INFO, DEBUG or TRACE, not '" + level + "'");
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(chosen);
        if (logFile != null) {
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n");
            encoder.start();
            FileAppender<ch.qos.logback.classic.spi.ILoggingEvent> file = new FileAppender<>();
            file.setContext(context);
            file.setName("file");
            file.setFile(logFile.toString());
            file.setEncoder(encoder);
            file.start();
            root.addAppender(file);
        }
    }
}
