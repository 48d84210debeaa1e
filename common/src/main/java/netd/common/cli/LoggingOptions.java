package netd.common.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/** The logging options every program takes; {@link #apply()} sets logback up. */
public final class LoggingOptions {
    private final CommandDeclaration.Value<String> level;
    private final CommandDeclaration.Value<Boolean> quiet;
    private final CommandDeclaration.Value<Path> logFile;

    /** Declares the options on {@code command}. */
    public LoggingOptions(CommandDeclaration command) {
        level = command.option(String.class, "--log-level", "LEVEL", "INFO", "ERROR, WARN, INFO (default), DEBUG or TRACE.");
        quiet = command.flag(new String[] {"-q", "--quiet"}, "Log only warnings and errors, and show no progress.");
        logFile = command.option(Path.class, "--log-file", "FILE", null, "Also write the log to FILE.");
    }

    public boolean quiet() {
        return quiet.get();
    }

    public void apply() {
        String level = this.level.get();
        Path logFile = this.logFile.get();
        Level chosen = quiet() ? Level.WARN : Level.toLevel(level.toUpperCase(java.util.Locale.ROOT), null);
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
