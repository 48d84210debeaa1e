package netd.player;

import netd.common.id.PlayerId;
import netd.common.library.Library;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a player is told at start, built once by the command line.
 *
 * @param directory     the player's own directory, ROOT_DIR/PLAYER_ID; nothing is written outside it
 * @param stuffPath     where the stuff lives: inside {@code directory}, or a complete file shared in place
 * @param sharedInPlace the stuff is a complete file outside the directory (--stuff): only read, never written
 * @param bindAddress   the local address to listen on (null = every interface)
 * @param port          the port to listen on (0 = any free port)
 * @param announcePort  the port told to the hub, when a port forwarded to {@code port} reaches this player (0 = {@code port})
 * @param maxUploads    interested downloaders unchoked at once (plus one optimistic unchoke)
 * @param maxDownloads  uploaders downloaded from at once
 * @param maxConnections peer links open at once, both directions together
 * @param pipelineDepth requests kept in flight per uploader while three or more serve this player (more
 *                      each when fewer do; 1 for original players)
 * @param maxUploadRate bytes of books uploaded per second, to every downloader together (0 = no limit)
 * @param chokeInterval how often whom to unchoke is decided; rates are measured over two intervals
 *                      and the optimistic unchoke turns every three
 * @param statusFile    where to write the JSON status every second, or null
 * @param webAddress    where to serve the web page ({@code --http-port}, {@code --http-bind}), or null for none
 * @param liveLine      draw a live status line (on a terminal, not --quiet); otherwise log it every 10 s
 */
public record PlayerSettings(PlayerId playerId, Library library, Path directory, Path stuffPath, boolean sharedInPlace,
                             InetAddress bindAddress, int port, int announcePort, boolean exitWhenDone, int maxUploads,
                             int maxDownloads, int maxConnections, int pipelineDepth, long maxUploadRate,
                             Duration chokeInterval, Path statusFile, InetSocketAddress webAddress,
                             boolean liveLine) {
}
