package netd.common.library;

import netd.common.ProtocolException;
import netd.common.bencode.BDictionary;
import netd.common.bencode.BInteger;
import netd.common.bencode.BList;
import netd.common.bencode.BString;
import netd.common.bencode.BValue;
import netd.common.bencode.Bencode;
import netd.common.id.InfoHash;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code info} dictionary of a netd library (PROTOCOL-EXTENSIONS.md §2): the key
 * {@code netd} marks it, and it never holds {@code length}, so that a reader of the original
 * format cannot take it for a library it can use. A file stuff gives its size as
 * {@code file length}; a folder lists its {@code files} (BitTorrent's layout) and the
 * {@code folders} that hold nothing.
 */
public final class NetdInfo {
    /** The key that marks a netd library; its value is {@link LibraryLimits#NETD_VERSION}. */
    public static final String MARKER = "netd";
    static final String FILE_LENGTH = "file length";
    static final String FILES = "files";
    static final String FOLDERS = "folders";

    private NetdInfo() {
    }

    /** A netd library and its info hash, from its parts; the bytes are those {@link LibraryFormat#write} produces. */
    public static Library create(HostPort announce, String name, StuffLayout layout, int bookSize, byte[] pieceHashes,
                                 String createdBy, Long creationDate) {
        String problem = nameProblem(name);
        if (problem == null) {
            problem = layoutProblem(layout);
        }
        if (problem == null) {
            problem = problem(layout.length(), bookSize);
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (pieceHashes.length != LibraryLimits.bookCount(layout.length(), bookSize) * Library.HASH_LENGTH) {
            throw new IllegalArgumentException("wrong number of piece hashes");
        }
        InfoHash infoHash = InfoHash.of(Sha1.of(Bencode.encode(info(name, layout, bookSize, pieceHashes))));
        return new Library(announce, name, layout, true, bookSize, pieceHashes, createdBy, creationDate, infoHash);
    }

    /**
     * Null when a netd stuff of {@code length} bytes in books of {@code bookSize} keeps the
     * netd limits, else a sentence naming the limit broken.
     */
    public static String problem(long length, long bookSize) {
        if (length <= 0) {
            return "the stuff's length is " + length + "; it must be at least 1 byte";
        }
        if (bookSize < LibraryLimits.NETD_MIN_BOOK_SIZE || bookSize > LibraryLimits.NETD_MAX_BOOK_SIZE
                || Long.bitCount(bookSize) != 1) {
            return "the book size " + bookSize + " is not a power of two from " + LibraryLimits.NETD_MIN_BOOK_SIZE
                    + " to " + LibraryLimits.NETD_MAX_BOOK_SIZE;
        }
        long books = LibraryLimits.bookCount(length, (int) bookSize);
        if (books > LibraryLimits.MAX_NETD_BOOKS) {
            return "the stuff needs " + books + " books, " + (books - LibraryLimits.MAX_NETD_BOOKS) + " more than the "
                    + LibraryLimits.MAX_NETD_BOOKS + " of a netd library; use larger books";
        }
        return null;
    }

    static BDictionary info(String name, StuffLayout layout, int bookSize, byte[] pieceHashes) {
        BDictionary.Builder info = BDictionary.builder()
                .put(MARKER, LibraryLimits.NETD_VERSION)
                .put("name", name)
                .put("piece length", bookSize)
                .put("pieces", pieceHashes);
        if (!layout.folder()) {
            return info.put(FILE_LENGTH, layout.length()).build();
        }
        List<BValue> files = new ArrayList<>();
        for (StuffLayout.StuffFile file : layout.files()) {
            files.add(BDictionary.builder().put("length", file.length()).put("path", path(file.path())).build());
        }
        info.put(FILES, new BList(files));
        if (!layout.emptyFolders().isEmpty()) {
            info.put(FOLDERS, new BList(layout.emptyFolders().stream().map(NetdInfo::path).map(BValue.class::cast).toList()));
        }
        return info.build();
    }

    static Library parse(BDictionary info, HostPort announce, String createdBy, Long creationDate, InfoHash infoHash)
            throws ProtocolException {
        long version = info.integer(MARKER);
        if (version != LibraryLimits.NETD_VERSION) {
            throw new ProtocolException("a netd library of version " + version + "; this program reads version "
                    + LibraryLimits.NETD_VERSION);
        }
        if (info.has("length")) {
            throw new ProtocolException("a netd library must not have a 'length': an original player would take it for its own");
        }
        String name = LibraryFormat.utf8(info.bytes("name"));
        reject(nameProblem(name));
        StuffLayout layout = layout(info);
        reject(layoutProblem(layout));
        long bookSize = info.integer("piece length");
        reject(problem(layout.length(), bookSize));
        byte[] pieces = info.bytes("pieces");
        long books = LibraryLimits.bookCount(layout.length(), (int) bookSize);
        if (pieces.length != books * Library.HASH_LENGTH) {
            throw new ProtocolException("pieces holds " + pieces.length + " bytes, but " + books + " books need "
                    + books * Library.HASH_LENGTH);
        }
        return new Library(announce, name, layout, true, (int) bookSize, pieces, createdBy, creationDate, infoHash);
    }

    private static StuffLayout layout(BDictionary info) throws ProtocolException {
        boolean file = info.has(FILE_LENGTH);
        if (file == info.has(FILES)) {
            throw new ProtocolException("a netd library has exactly one of '" + FILE_LENGTH + "' and '" + FILES + "'");
        }
        if (file) {
            if (info.has(FOLDERS)) {
                throw new ProtocolException("a netd library of one file lists folders");
            }
            return StuffLayout.file(info.integer(FILE_LENGTH));
        }
        List<BValue> entries = info.list(FILES).items();
        if (entries.size() > LibraryLimits.MAX_NETD_FILES) {
            throw new ProtocolException("the folder lists " + entries.size() + " files, more than "
                    + LibraryLimits.MAX_NETD_FILES);
        }
        List<List<String>> paths = new ArrayList<>(entries.size());
        List<Long> lengths = new ArrayList<>(entries.size());
        long total = 0;
        for (BValue entry : entries) {
            if (!(entry instanceof BDictionary dictionary)) {
                throw new ProtocolException("an entry of 'files' is not a dictionary");
            }
            long length = dictionary.integer("length");
            if (length < 0 || length > Long.MAX_VALUE - total) {
                throw new ProtocolException("a file's length " + length + " is negative or too large");
            }
            total += length;
            lengths.add(length);
            paths.add(path(dictionary.list("path")));
        }
        List<List<String>> folders = new ArrayList<>();
        if (info.has(FOLDERS)) {
            for (BValue folder : info.list(FOLDERS).items()) {
                if (!(folder instanceof BList list)) {
                    throw new ProtocolException("an entry of 'folders' is not a list");
                }
                folders.add(path(list));
            }
        }
        return StuffLayout.folder(paths, lengths, folders);
    }

    private static List<String> path(BList components) throws ProtocolException {
        List<String> path = new ArrayList<>(components.items().size());
        for (BValue component : components.items()) {
            if (!(component instanceof BString string)) {
                throw new ProtocolException("a path component is not a string");
            }
            path.add(LibraryFormat.utf8(string.bytes()));
        }
        return path;
    }

    private static BList path(List<String> components) {
        return new BList(components.stream().map(BString::of).map(BValue.class::cast).toList());
    }

    private static String nameProblem(String name) {
        String problem = PathRules.componentProblem(name);
        return problem == null ? null : "unsafe name: " + problem;
    }

    /** Null when every path of a folder is safe and no two clash, else why not. */
    private static String layoutProblem(StuffLayout layout) {
        if (!layout.folder()) {
            return null;
        }
        if (layout.files().isEmpty()) {
            return "the folder lists no file";
        }
        List<List<String>> paths = layout.files().stream().map(StuffLayout.StuffFile::path).toList();
        for (List<String> path : paths) {
            String problem = PathRules.pathProblem(path);
            if (problem != null) {
                return "unsafe path: " + problem;
            }
        }
        for (List<String> path : layout.emptyFolders()) {
            String problem = PathRules.pathProblem(path);
            if (problem != null) {
                return "unsafe folder: " + problem;
            }
        }
        String clash = PathRules.clashProblem(paths, layout.emptyFolders());
        return clash == null ? null : "unsafe paths: " + clash;
    }

    private static void reject(String problem) throws ProtocolException {
        if (problem != null) {
            throw new ProtocolException(problem);
        }
    }
}
