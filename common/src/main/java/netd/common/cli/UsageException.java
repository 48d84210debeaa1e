package netd.common.cli;

/** A user's mistake on the command line: reported as one sentence, exit code 2. */
public class UsageException extends RuntimeException {
    public UsageException(String sentence) {
        super(sentence);
    }
}
