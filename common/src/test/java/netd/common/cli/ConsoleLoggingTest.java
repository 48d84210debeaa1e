package netd.common.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleLoggingTest {
    @Test
    void logsInfoAndAboveToStderr() {
        LoggerContext context = new LoggerContext();
        ConsoleLogging logging = new ConsoleLogging();
        logging.setContext(context);

        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, logging.configure(context));

        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        assertTrue(root.getAppender("stderr") instanceof ConsoleAppender<?> console && console.getTarget().equals("System.err"));
    }

    @Test
    void leavesTheSetupToAConfigurationFileNamedOnTheCommandLine() {
        String key = "logback.configurationFile";
        String before = System.getProperty(key);
        System.setProperty(key, "custom.xml");
        try {
            LoggerContext context = new LoggerContext();
            assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, new ConsoleLogging().configure(context));
            assertNull(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("stderr"));
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
