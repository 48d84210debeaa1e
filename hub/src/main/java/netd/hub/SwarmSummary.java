package netd.hub;

import netd.common.id.InfoHash;

/** One swarm as the web pages show it: its counts, and the announces this hub answered for it in the last minute. */
public record SwarmSummary(InfoHash infoHash, long complete, long incomplete, long announcesLastMinute) {
}
