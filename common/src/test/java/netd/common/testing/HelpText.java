package netd.common.testing;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks a program's {@code --help} as a user reads it. */
public final class HelpText {
    private HelpText() {
    }

    /**
     * Every line of the footer (examples and exit codes, laid out by hand in columns) fits the
     * help's width: picocli breaks a longer line wherever the width runs out, which splits an
     * example from its explanation. The description is prose, and picocli wraps it.
     */
    public static void assertFooterLinesFit(Object command) {
        UsageMessageSpec usage = new CommandLine(command).getCommandSpec().usageMessage();
        for (String line : usage.footer()) {
            assertTrue(line.length() <= usage.width(),
                    () -> "longer than the help's " + usage.width() + " columns: '" + line + "'");
        }
    }
}
