package netd.common.library;

import netd.common.id.InfoHash;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A parsed, validated library (.libr): where the hub is, what the stuff is, and the SHA-1 of
 * every book. Sizes are 64-bit throughout; book indexes fit an int because of §7 and, for a
 * netd library, {@link LibraryLimits#MAX_NETD_BOOKS}.
 *
 * @param announce     the hub
 * @param name         the stuff's name (a file's, or a folder's), already checked by {@link StuffName}
 * @param layout       the stuff's files and where each one's bytes are
 * @param netd         a netd library (PROTOCOL-EXTENSIONS.md): its players speak 4-byte frame
 *                     lengths after the handshake, and original players cannot use it
 * @param bookSize     bytes per book (all but the last)
 * @param createdBy    optional, may be null
 * @param creationDate optional Unix seconds, may be null
 * @param infoHash     SHA-1 of the exact {@code info} bytes
 */
public record Library(HostPort announce, String name, StuffLayout layout, boolean netd, int bookSize, byte[] pieceHashes,
                      String createdBy, Long creationDate, InfoHash infoHash) {
    public static final int HASH_LENGTH = 20;

    public Library {
        pieceHashes = pieceHashes.clone();
    }

    /** A library of the original's format: one file of {@code length} bytes. */
    public Library(HostPort announce, String name, long length, int bookSize, byte[] pieceHashes, String createdBy,
                   Long creationDate, InfoHash infoHash) {
        this(announce, name, StuffLayout.file(length), false, bookSize, pieceHashes, createdBy, creationDate, infoHash);
    }

    /** The stuff's size in bytes. */
    public long length() {
        return layout.length();
    }

    @Override
    public byte[] pieceHashes() {
        return pieceHashes.clone();
    }

    public int bookCount() {
        return (int) LibraryLimits.bookCount(length(), bookSize);
    }

    public long bookOffset(int index) {
        checkIndex(index);
        return (long) index * bookSize;
    }

    public int bookLength(int index) {
        checkIndex(index);
        return (int) Math.min(bookSize, length() - (long) index * bookSize);
    }

    /** Whether {@code sha1} is the expected digest of book {@code index}. */
    public boolean hashMatches(int index, byte[] sha1) {
        checkIndex(index);
        int from = index * HASH_LENGTH;
        return Arrays.equals(pieceHashes, from, from + HASH_LENGTH, sha1, 0, sha1.length);
    }

    /**
     * Hashes {@code data}'s remaining bytes (a whole book) and compares them with the library's
     * digest; {@code data}'s position does not move.
     */
    public boolean verifies(int index, ByteBuffer data) {
        if (data.remaining() != bookLength(index)) {
            return false;
        }
        MessageDigest sha1 = Sha1.threadDigest();
        sha1.update(data.duplicate());
        return hashMatches(index, sha1.digest());
    }

    public boolean isValidIndex(long index) {
        return index >= 0 && index < bookCount();
    }

    private void checkIndex(int index) {
        if (!isValidIndex(index)) {
            throw new IndexOutOfBoundsException("book " + index + " of " + bookCount());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Library other && infoHash.equals(other.infoHash) && announce.equals(other.announce);
    }

    @Override
    public int hashCode() {
        return infoHash.hashCode();
    }

    @Override
    public String toString() {
        return "Library[" + (netd ? "netd, " : "") + (layout.folder() ? layout.files().size() + " files in " : "") + name + ", " + length() + " bytes, " + bookCount() + " books of " + bookSize + ", " + infoHash + "]";
    }
}
