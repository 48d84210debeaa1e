package netd.hub;

import netd.common.id.InfoHash;
import netd.common.id.PlayerId;

/** A player in one swarm: the same player id in two stuffs is two registrations. */
public record PlayerKey(InfoHash infoHash, PlayerId playerId) {
    /** Written out rather than generated: looked up several times per announce. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PlayerKey other && infoHash.equals(other.infoHash) && playerId.equals(other.playerId);
    }

    @Override
    public int hashCode() {
        return infoHash.hashCode() * 31 + playerId.hashCode();
    }
}
