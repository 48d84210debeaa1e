package netd.common.cli;

/** The exit codes every netd program uses. */
public final class ExitCode {
    public static final int DONE = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
