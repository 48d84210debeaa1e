package netd.common.library;

/**
 * An address written {@code HOST/PORT} as the protocol does (the hub in a library's
 * {@code announce}, players in {@code player invalid address}): a slash, not a colon.
 */
public record HostPort(String host, int port) {
    public HostPort {
        if (host == null || host.isEmpty() || host.contains("/") || host.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or IP address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
    }

    /**
     * Parses {@code HOST/PORT}.
     *
     * @throws IllegalArgumentException with a readable sentence when it is not one
     */
    public static HostPort parse(String text) {
        int slash = text.lastIndexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not an address of the form HOST/PORT, like 127.0.0.1/8001");
        }
        String portText = text.substring(slash + 1);
        if (!portText.chars().allMatch(c -> c >= '0' && c <= '9') || portText.length() > 5) {
            throw new IllegalArgumentException("'" + text + "' has no valid port after the slash");
        }
        return new HostPort(text.substring(0, slash), Integer.parseInt(portText));
    }

    @Override
    public String toString() {
        return host + "/" + port;
    }
}
