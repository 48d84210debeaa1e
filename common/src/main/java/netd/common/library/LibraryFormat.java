package netd.common.library;

import netd.common.ProtocolException;
import netd.common.bencode.BDictionary;
import netd.common.bencode.Bencode;
import netd.common.id.InfoHash;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Reads and writes library files (PROTOCOL.md §2, and netd libraries: PROTOCOL-EXTENSIONS.md),
 * validating everything a stranger could get wrong.
 */
public final class LibraryFormat {
    private LibraryFormat() {
    }

    public static Library parse(byte[] file) throws ProtocolException {
        if (file.length > LibraryLimits.MAX_LIBRARY_FILE_BYTES) {
            throw new ProtocolException("the library file is " + file.length + " bytes, more than any valid library ("
                    + LibraryLimits.MAX_LIBRARY_FILE_BYTES + ")");
        }
        BDictionary root = Bencode.decodeDictionary(file);
        BDictionary info = root.dictionary("info");
        HostPort announce;
        try {
            announce = HostPort.parse(root.string("announce"));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("announce: " + e.getMessage());
        }
        InfoHash infoHash = InfoHash.of(Sha1.of(Bencode.rawValue(file, "info")));
        if (info.has(NetdInfo.MARKER)) {
            return NetdInfo.parse(info, announce, root.optionalString("created by"), root.optionalInteger("creation date"),
                    infoHash);
        }
        if (info.has("files")) {
            throw new ProtocolException("the library lists files but has no '" + NetdInfo.MARKER
                    + "' key: a folder is only in a netd library");
        }
        String name = utf8(info.bytes("name"));
        String nameProblem = StuffName.problem(name);
        if (nameProblem != null) {
            throw new ProtocolException("unsafe name: " + nameProblem);
        }
        long length = info.integer("length");
        long bookSize = info.integer("piece length");
        byte[] pieces = info.bytes("pieces");
        String problem = problem(length, bookSize);
        if (problem != null) {
            throw new ProtocolException(problem);
        }
        long books = LibraryLimits.bookCount(length, (int) bookSize);
        if (pieces.length != books * Library.HASH_LENGTH) {
            throw new ProtocolException("pieces holds " + pieces.length + " bytes, but " + books + " books need "
                    + books * Library.HASH_LENGTH);
        }
        return new Library(announce, name, length, (int) bookSize, pieces, root.optionalString("created by"),
                root.optionalInteger("creation date"), infoHash);
    }

    /**
     * Null when a stuff of {@code length} bytes in books of {@code bookSize} fits the protocol
     * (§7), else a sentence naming the limit broken and by how much.
     */
    public static String problem(long length, long bookSize) {
        if (length <= 0) {
            return "the stuff's length is " + length + "; it must be at least 1 byte";
        }
        if (bookSize <= 0) {
            return "the book size is " + bookSize + "; it must be at least 1 byte";
        }
        if (bookSize > LibraryLimits.MAX_BOOK_SIZE) {
            return "the book size " + bookSize + " exceeds the " + LibraryLimits.MAX_BOOK_SIZE
                    + " bytes a book message can carry by " + (bookSize - LibraryLimits.MAX_BOOK_SIZE);
        }
        long books = LibraryLimits.bookCount(length, (int) bookSize);
        if (books > LibraryLimits.MAX_BOOKS) {
            return "the stuff needs " + books + " books, " + (books - LibraryLimits.MAX_BOOKS)
                    + " more than the " + LibraryLimits.MAX_BOOKS + " a bitfield can hold; use larger books";
        }
        return null;
    }

    /** Builds a library and its info hash from its parts; the bytes are those {@link #write} produces. */
    public static Library create(HostPort announce, String name, long length, int bookSize, byte[] pieceHashes,
                                 String createdBy, Long creationDate) {
        String problem = StuffName.problem(name);
        if (problem == null) {
            problem = problem(length, bookSize);
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (pieceHashes.length != LibraryLimits.bookCount(length, bookSize) * Library.HASH_LENGTH) {
            throw new IllegalArgumentException("wrong number of piece hashes");
        }
        InfoHash infoHash = InfoHash.of(Sha1.of(Bencode.encode(info(name, length, bookSize, pieceHashes))));
        return new Library(announce, name, length, bookSize, pieceHashes, createdBy, creationDate, infoHash);
    }

    public static byte[] write(Library library) {
        BDictionary info = library.netd() ? NetdInfo.info(library.name(), library.layout(), library.bookSize(),
                library.pieceHashes()) : info(library.name(), library.length(), library.bookSize(), library.pieceHashes());
        BDictionary.Builder root = BDictionary.builder()
                .put("announce", library.announce().toString())
                .put("info", info);
        if (library.createdBy() != null) {
            root.put("created by", library.createdBy());
        }
        if (library.creationDate() != null) {
            root.put("creation date", library.creationDate());
        }
        return Bencode.encode(root.build());
    }

    private static BDictionary info(String name, long length, int bookSize, byte[] pieceHashes) {
        return BDictionary.builder()
                .put("name", name)
                .put("length", length)
                .put("piece length", bookSize)
                .put("pieces", pieceHashes)
                .build();
    }

    static String utf8(byte[] bytes) throws ProtocolException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("unsafe name: the name is not valid UTF-8");
        }
    }
}
