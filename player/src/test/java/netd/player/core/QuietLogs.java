package netd.player.core;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;

/** Turns off the logs a fuzz target would otherwise spend its time writing (bans, refusals, timeouts). */
final class QuietLogs {
    private QuietLogs() {
    }

    static void off(Class<?>... loggers) {
        for (Class<?> logger : loggers) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(logger)).setLevel(Level.OFF);
        }
    }
}
