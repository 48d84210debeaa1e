package netd.sim;

import netd.common.link.Link;
import netd.common.wire.PeerMessage;
import netd.common.wire.PeerMessage.BookData;
import netd.player.core.Role;
import netd.player.peer.ManagerEvent;
import netd.player.peer.Peer;
import netd.player.peer.SimulatedLinks;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One simulated connection: the downloader dialled the uploader. What the downloader sends
 * (handshake, requests) arrives after its wait in the downloader's shaper queue (behind the
 * books it uploads to others; none without one) and the latency, in the order sent; what the
 * uploader sends (books and messages, in order) crosses the uploader's uplink, then the
 * downloader's downlink, then the latency. Each end closes on its own; the other learns it a
 * latency later.
 */
final class Connection {
    private final SimPlayer downloader;
    private final SimPlayer uploader;
    private final long latencyMicros;
    final Peer downloadPeer;
    final Peer uploadPeer;
    private boolean downloadEndOpen;
    private boolean uploadEndOpen;
    /** Whether the uploader's last word on this connection was an unchoke (for the upload-slot count). */
    private boolean unchoked;
    private final SharedPipe.Flow upFlow;
    private final SharedPipe.Flow downFlow;
    /** Whether the downloader's last word that reached the uploader was interested (for {@link IdleSplit}). */
    private boolean interestedAtUploader;
    /** Requests that reached the uploader while it unchoked, not yet answered by a book nor dropped by a choke. */
    private final java.util.BitSet requestsAtUploader = new java.util.BitSet();
    /** Requests sent by the downloader that have not reached the uploader yet. */
    private int requestsOnTheWay;
    /** Of those, the ones sent while the downloader had nothing else asked here (a fresh start: an unchoke, a have). */
    private int freshOnTheWay;
    private final java.util.ArrayDeque<Boolean> onTheWayFresh = new java.util.ArrayDeque<>();
    /** Books the downloader asked for on this connection that have not arrived (nor been cut off). */
    private final java.util.BitSet askedByDownloader = new java.util.BitSet();
    /** When the downloader's last message arrives: a later one never overtakes it. */
    private long lastFromDownloaderAt;

    Connection(SimPlayer downloader, SimPlayer uploader, long latencyMicros) {
        this.downloader = downloader;
        this.uploader = uploader;
        this.latencyMicros = latencyMicros;
        this.downFlow = new SharedPipe.Flow(item -> uploader.sim.clock.after(latencyMicros, () -> arrive(item)));
        this.upFlow = new SharedPipe.Flow(item -> {
            if (item.payload() instanceof BookData) {
                uploader.bytesUp += item.bytes();
                uploader.sim.uploaded(uploader);
            }
            downloader.downlink.add(downFlow, item);
        });
        long now = uploader.sim.clock.millis();
        this.uploadPeer = SimulatedLinks.peer(Role.UPLOAD, new InetSocketAddress(downloader.address, 50_000),
                uploader.library(), uploader.inbox, now, null, new UploaderEnd());
        this.downloadPeer = SimulatedLinks.peer(Role.DOWNLOAD, new InetSocketAddress(uploader.address, uploader.port),
                downloader.library(), downloader.inbox, now, uploader.id, new DownloaderEnd());
    }

    /** The uploader accepted: its end is open now; the downloader's opens a latency later. */
    void acceptedBy() {
        uploadEndOpen = true;
        uploader.uploads.add(this);
        uploader.opened(uploadPeer);
    }

    /** The dial completed at the downloader: as Connections does, the handshake is queued before the manager hears of the link. */
    void openedAtDownloader(netd.common.wire.HubMessage.PlayerEntry dialled) {
        if (!downloader.present) {
            closeUploadEnd(Link.PEER_CLOSED);
            return;
        }
        if (!uploadEndOpen) {
            downloader.dialFailed(dialled);
            return;
        }
        downloadEndOpen = true;
        downloader.downloads.add(this);
        SimulatedLinks.send(downloadPeer, new PeerMessage.Handshake(downloader.id, downloader.library().infoHash()));
        downloader.opened(downloadPeer);
    }

    private void arrive(SharedPipe.Item item) {
        if (!downloadEndOpen) {
            if (item.payload() instanceof BookData) {
                downloader.sim.wasted(item.bytes());
            }
            return;
        }
        if (item.payload() instanceof BookData book) {
            askedByDownloader.clear(book.index());
            downloader.bookArrived(downloadPeer, book);
        } else {
            if (item.payload() instanceof PeerMessage.Choke) {
                askedByDownloader.clear(); // a choke drops what was asked (PROTOCOL.md §4)
            }
            downloader.deliver(new ManagerEvent.Message(downloadPeer, (PeerMessage) item.payload()));
        }
    }

    private final class DownloaderEnd implements SimulatedLinks.Wire {
        @Override
        public void send(PeerMessage message) {
            if (!downloadEndOpen) {
                return;
            }
            EventQueue clock = uploader.sim.clock;
            if (message instanceof PeerMessage.Request request) {
                // Fresh when all it asked here before is itself fresh and on its way: nothing waits at the uploader.
                boolean fresh = askedByDownloader.cardinality() == freshOnTheWay;
                askedByDownloader.set(request.index());
                requestsOnTheWay++;
                onTheWayFresh.add(fresh);
                if (fresh) {
                    freshOnTheWay++;
                }
            }
            lastFromDownloaderAt = Math.max(lastFromDownloaderAt,
                    clock.nowMicros() + downloader.uplink.queueWaitMicros() + latencyMicros);
            clock.at(lastFromDownloaderAt, () -> {
                if (message instanceof PeerMessage.Request) {
                    requestsOnTheWay--;
                    if (onTheWayFresh.poll()) {
                        freshOnTheWay--;
                    }
                }
                if (uploadEndOpen) {
                    seenByUploader(message);
                    uploader.deliver(new ManagerEvent.Message(uploadPeer, message));
                }
            });
        }

        @Override
        public void sendBook(int index, ByteBuffer body) {
            throw new IllegalStateException("a download link never sends books");
        }

        @Override
        public void close(String reason) {
            if (!downloadEndOpen) {
                return;
            }
            downloadEndOpen = false;
            downloader.downloads.remove(Connection.this);
            downloader.sim.wasted(downloader.downlink.drop(downFlow));
            downloader.endClosed(downloadPeer, reason);
            uploader.sim.clock.after(latencyMicros, () -> closeUploadEnd(Link.PEER_CLOSED));
        }

        @Override
        public boolean isOpen() {
            return downloadEndOpen;
        }
    }

    private void closeUploadEnd(String reason) {
        if (!uploadEndOpen) {
            return;
        }
        uploadEndOpen = false;
        uploader.uploads.remove(this);
        if (unchoked) {
            unchoked = false;
            uploader.unchoking(-1);
        }
        uploader.uplink.drop(upFlow);
        uploader.endClosed(uploadPeer, reason);
        downloader.sim.clock.after(latencyMicros, this::closeDownloadEndFromOtherSide);
    }

    private final class UploaderEnd implements SimulatedLinks.Wire {
        @Override
        public void send(PeerMessage message) {
            if (!uploadEndOpen) {
                return;
            }
            if (message instanceof PeerMessage.Unchoke && !unchoked) {
                unchoked = true;
                uploader.unchoking(1);
            } else if (message instanceof PeerMessage.Choke && unchoked) {
                unchoked = false;
                requestsAtUploader.clear();
                uploader.unchoking(-1);
            }
            uploader.uplink.add(upFlow, new SharedPipe.Item(0, message));
        }

        @Override
        public void sendBook(int index, ByteBuffer body) {
            if (!uploadEndOpen) {
                return;
            }
            uploader.sending(index);
            requestsAtUploader.clear(index);
            BookData book = new BookData(index, body);
            uploader.uplink.add(upFlow, new SharedPipe.Item(book.length(), book));
        }

        @Override
        public void close(String reason) {
            closeUploadEnd(reason);
        }

        @Override
        public boolean isOpen() {
            return uploadEndOpen;
        }
    }

    /** Keeps what the uploader was told: interest, and requests while it unchokes. */
    private void seenByUploader(PeerMessage message) {
        switch (message) {
            case PeerMessage.Interested interested -> interestedAtUploader = true;
            case PeerMessage.NotInterested notInterested -> interestedAtUploader = false;
            case PeerMessage.Request request -> {
                if (unchoked) {
                    requestsAtUploader.set(request.index());
                }
            }
            default -> {
            }
        }
    }

    boolean interestedAtUploader() {
        return interestedAtUploader;
    }

    boolean unchokedByUploader() {
        return unchoked;
    }

    int requestsAtUploader() {
        return requestsAtUploader.cardinality();
    }

    int freshOnTheWay() {
        return freshOnTheWay;
    }

    int requestsOnTheWay() {
        return requestsOnTheWay;
    }

    /** Books the downloader asked for here and has not received: not a copy. */
    java.util.BitSet askedByDownloader() {
        return askedByDownloader;
    }

    SimPlayer downloader() {
        return downloader;
    }

    /** What the downloader holds now, not a copy. */
    java.util.BitSet downloaderHeld() {
        return downloader.heldView();
    }

    private void closeDownloadEndFromOtherSide() {
        if (downloadEndOpen) {
            downloadEndOpen = false;
            downloader.downloads.remove(this);
            downloader.sim.wasted(downloader.downlink.drop(downFlow));
            downloader.endClosed(downloadPeer, Link.PEER_CLOSED);
        }
    }
}
