package netd.player.web;


import netd.player.core.ManagerView.PeerView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each connection's speeds, from the bytes it had moved at two views of the manager: a
 * connection is known by its direction and address, and one seen for the first time has
 * moved nothing yet.
 */
final class PeerSpeeds {
    private Map<String, long[]> lastBytes = Map.of();
    private long lastMillis;

    /** Bytes per second received and sent on each of {@code peers} since the last call, in their order. */
    List<long[]> update(List<PeerView> peers, long nowMillis) {
        double seconds = Math.max(1, nowMillis - lastMillis) / 1000.0;
        Map<String, long[]> bytes = new HashMap<>();
        List<long[]> speeds = new ArrayList<>(peers.size());
        for (PeerView peer : peers) {
            String key = peer.direction() + " " + peer.address();
            long[] now = {peer.bytesReceived(), peer.bytesSent()};
            long[] before = lastBytes.getOrDefault(key, now);
            bytes.put(key, now);
            speeds.add(new long[] {Math.round((now[0] - before[0]) / seconds), Math.round((now[1] - before[1]) / seconds)});
        }
        lastBytes = bytes;
        lastMillis = nowMillis;
        return speeds;
    }
}
