package netd.hub;

import netd.common.library.HostPort;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Tells whether something accepts TCP connections at an address, by connecting and closing at once. */
public final class AddressProbe {
    private final Duration timeout;

    public AddressProbe(Duration timeout) {
        this.timeout = timeout;
    }

    /** Blocks up to the timeout: call it on a thread of its own. */
    public boolean reachable(HostPort address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()), (int) timeout.toMillis());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
