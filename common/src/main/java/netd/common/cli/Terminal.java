package netd.common.cli;

import java.io.Console;

/** Whether a program talks to a person at a terminal, or to a file, a pipe or CI. */
public final class Terminal {
    private Terminal() {
    }

    /**
     * Java 21's System.console() is null off a terminal; Java 22 to 24 return a console even
     * when redirected and answer with isTerminal(), which a Java 21 build can only reach by
     * reflection.
     */
    public static boolean isInteractive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
