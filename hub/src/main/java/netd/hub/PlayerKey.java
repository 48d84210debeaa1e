package netd.hub;

import netd.common.id.InfoHash;
import netd.common.id.PlayerId;

/** A player in one swarm: the same player id in two stuffs is two registrations. */
public record PlayerKey(InfoHash infoHash, PlayerId playerId) {
}
