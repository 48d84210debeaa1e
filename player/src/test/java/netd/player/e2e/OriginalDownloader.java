package netd.player.e2e;

import netd.common.id.PlayerId;
import netd.common.library.Library;
import netd.common.wire.PeerCodec;
import netd.common.wire.PeerMessage;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * A downloader that reads as the original player does (PROTOCOL.md §4): each socket read of
 * up to 4 KiB is appended to a buffer, and then at most one message (a keep-alive counts as
 * one) is decoded from its front, so a message that arrived glued behind another waits for
 * the next read. It says only what the original says: its handshake, interested once the
 * uploader has a book it lacks, and one request at a time while unchoked.
 */
final class OriginalDownloader implements AutoCloseable {
    private static final int READ_SIZE = 4096;

    private final Library library;
    private final Socket socket;
    private final DataOutputStream out;
    private final BitSet uploaderHas = new BitSet();
    private final BitSet got = new BitSet();
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 17);
    private boolean interested;
    private boolean unchoked;
    private int asked = -1;
    private int haves;
    private int undecoded;

    OriginalDownloader(int port, Library library) throws IOException {
        this.library = library;
        this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        send(new PeerMessage.Handshake(PlayerId.parse("-RO0101-" + "0123456789ab"), library.infoHash()));
    }

    /** Plays until it holds every book; false if the connection closed or {@code timeoutMillis} passed first. */
    boolean downloadAll(long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        InputStream in = socket.getInputStream();
        byte[] chunk = new byte[READ_SIZE];
        while (got.cardinality() < library.bookCount()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) left);
            int read;
            try {
                read = in.read(chunk);
            } catch (java.net.SocketTimeoutException e) {
                return false;
            }
            if (read < 0) {
                return false;
            }
            buffer.put(chunk, 0, read);
            decodeOne();
        }
        return true;
    }

    /** What it got and what still waits in its buffer, for a failure's message. */
    String state() {
        return "got " + got.cardinality() + " of " + library.bookCount() + " books; " + haves + " haves decoded; unchoked "
                + unchoked + "; " + undecoded + " bytes undecoded";
    }

    private void decodeOne() throws Exception {
        buffer.flip();
        try {
            if (buffer.remaining() < 2) {
                return;
            }
            int length = buffer.getShort(buffer.position()) & 0xffff;
            if (buffer.remaining() < 2 + length) {
                return;
            }
            buffer.getShort();
            if (length > 0) {
                int id = buffer.get() & 0xff;
                byte[] payload = new byte[length - 1];
                buffer.get(payload);
                handle(PeerCodec.INSTANCE.decode(id, payload));
            }
        } finally {
            undecoded = buffer.remaining();
            buffer.compact();
        }
    }

    private void handle(PeerMessage message) throws IOException {
        switch (message) {
            case PeerMessage.Bitfield bitfield -> uploaderHas.or(bitfield.toBooks(library.bookCount()));
            case PeerMessage.Have have -> {
                uploaderHas.set(have.index());
                haves++;
            }
            case PeerMessage.Unchoke unchoke -> unchoked = true;
            case PeerMessage.Choke choke -> {
                unchoked = false;
                asked = -1;
            }
            case PeerMessage.BookData book -> {
                if (book.index() == asked && library.verifies(book.index(), book.data())) {
                    got.set(book.index());
                }
                asked = -1;
            }
            default -> throw new AssertionError("an uploader sent " + message);
        }
        BitSet wanted = (BitSet) uploaderHas.clone();
        wanted.andNot(got);
        if (!interested && !wanted.isEmpty()) {
            interested = true;
            send(new PeerMessage.Interested());
        }
        if (unchoked && asked < 0 && !wanted.isEmpty()) {
            asked = wanted.nextSetBit(0);
            send(new PeerMessage.Request(asked));
        }
    }

    private void send(PeerMessage message) throws IOException {
        PeerCodec.INSTANCE.encode(message, out);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
