package netd.common.library;

import netd.common.ProtocolException;
import netd.common.bencode.BDictionary;
import netd.common.bencode.BList;
import netd.common.bencode.BString;
import netd.common.bencode.BValue;
import netd.common.bencode.Bencode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The netd library (PROTOCOL-EXTENSIONS.md §2-3): golden bytes, and what a reader must reject. */
class NetdLibraryFormatTest {
    private static final HostPort HUB = HostPort.parse("127.0.0.1/8001");
    /** SHA-1 of "abcde", the one book of the golden folder. */
    private static final byte[] PIECES = HexFormat.of().parseHex("03de6c570bfe24bfc328ccd7ca46b76eadaf4334");

    /** The golden folder: a/b.txt ("abc"), empty.txt (empty), c ("de"), and the empty folder e/f. */
    private static Library goldenFolder() {
        StuffLayout layout = StuffLayout.folder(List.of(List.of("a", "b.txt"), List.of("empty.txt"), List.of("c")),
                List.of(3L, 0L, 2L), List.of(List.of("e", "f")));
        return NetdInfo.create(HUB, "stuff", layout, 16384, PIECES, null, null);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aFolderLibraryHasItsGoldenBytesAndInfoHash() throws ProtocolException {
        String golden = "d8:announce14:127.0.0.1/80014:infod5:filesld6:lengthi3e4:pathl1:a5:b.txteed6:lengthi0e4:pathl"
                + "9:empty.txteed6:lengthi2e4:pathl1:ceee7:foldersll1:e1:fee4:name5:stuff4:netdi1e12:piece lengthi16384e"
                + "6:pieces20:" + text(PIECES) + "ee";
        Library library = goldenFolder();
        assertEquals(golden, text(LibraryFormat.write(library)));
        assertEquals("d7ad56fc41e05d028b16228a87540aebad77bad6", library.infoHash().toString());

        Library parsed = LibraryFormat.parse(bytes(golden));
        assertTrue(parsed.netd());
        assertTrue(parsed.layout().folder());
        assertEquals(5, parsed.length());
        assertEquals(library.layout(), parsed.layout());
        assertEquals(List.of(0L, 3L, 3L), parsed.layout().files().stream().map(StuffLayout.StuffFile::offset).toList());
        assertEquals(library.infoHash(), parsed.infoHash());
    }

    @Test
    void aLargeFileLibraryHasItsGoldenBytes() throws ProtocolException {
        Library library = NetdInfo.create(HUB, "big.img", StuffLayout.file(5), 1 << 20, PIECES, null, null);
        String info = "d11:file lengthi5e4:name7:big.img4:netdi1e12:piece lengthi1048576e6:pieces20:" + text(PIECES) + "e";
        assertEquals("d8:announce14:127.0.0.1/80014:info" + info + "e", text(LibraryFormat.write(library)));
        assertEquals("6787e51359cf5da722ad900d9f6deb8d2b31b0da", library.infoHash().toString());
        Library parsed = LibraryFormat.parse(LibraryFormat.write(library));
        assertTrue(parsed.netd());
        assertFalse(parsed.layout().folder());
        assertEquals(1 << 20, parsed.bookSize());
    }

    @Test
    void anOriginalLibraryStaysOriginal() throws ProtocolException {
        Library original = LibraryFormat.create(HUB, "movie.mkv", 5, 16384, PIECES, null, null);
        assertFalse(LibraryFormat.parse(LibraryFormat.write(original)).netd());
        assertFalse(text(LibraryFormat.write(original)).contains("netd"));
    }

    /** The golden folder's file with its {@code info} edited. */
    private static byte[] edited(UnaryOperator<BDictionary.Builder> change) throws ProtocolException {
        BDictionary root = Bencode.decodeDictionary(LibraryFormat.write(goldenFolder()));
        BDictionary.Builder info = BDictionary.builder();
        root.dictionary("info").entries().forEach((key, value) -> info.put(key.utf8(), value));
        return Bencode.encode(BDictionary.builder().put("announce", "127.0.0.1/8001").put("info", change.apply(info).build()).build());
    }

    private static String problem(UnaryOperator<BDictionary.Builder> change) throws ProtocolException {
        byte[] file = edited(change);
        return assertThrows(ProtocolException.class, () -> LibraryFormat.parse(file)).getMessage();
    }

    private static BList path(String... components) {
        return new BList(Arrays.stream(components).map(BString::of).map(BValue.class::cast).toList());
    }

    private static BList files(BList... paths) {
        return new BList(Arrays.stream(paths).map(p -> (BValue) BDictionary.builder().put("length", 1).put("path", p).build())
                .toList());
    }

    private static BDictionary.Builder withFiles(BDictionary.Builder info, BList... paths) {
        return info.put("files", files(paths)).put("pieces", PIECES).put("folders", new BList(List.of()));
    }

    @Test
    void aReaderRejectsAMarkerItDoesNotKnowOrAnAmbiguousLayout() throws ProtocolException {
        assertTrue(problem(info -> info.put("netd", 2)).contains("version 2"));
        assertTrue(problem(info -> info.put("length", 5)).contains("must not have a 'length'"));
        assertTrue(problem(info -> info.put("file length", 5)).contains("exactly one of"));
        byte[] unmarked = Bencode.encode(BDictionary.builder().put("announce", "127.0.0.1/8001").put("info",
                BDictionary.builder().put("name", "x").put("length", 5).put("piece length", 16384).put("pieces", PIECES)
                        .put("files", files(path("a"))).build()).build());
        assertTrue(assertThrows(ProtocolException.class, () -> LibraryFormat.parse(unmarked)).getMessage()
                .contains("no 'netd' key"));
    }

    @ParameterizedTest
    @ValueSource(ints = {8192, 20000, 32 << 20, 0, -16384})
    void aReaderRejectsBookSizesOutsideTheNetdRange(int size) throws ProtocolException {
        assertTrue(problem(info -> info.put("piece length", size)).contains("not a power of two"));
    }

    @Test
    void aReaderRejectsPiecesThatDoNotMatchTheBooks() throws ProtocolException {
        assertTrue(problem(info -> info.put("pieces", new byte[40])).contains("pieces holds 40 bytes"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "", "a/b", "a\\b", "nul\u0000byte", "CON", "con.txt", "Com1", "LPT9.log",
            "trailing.", "trailing ", "what?", "a:b"})
    void aReaderRejectsAnUnsafePathComponent(String component) throws ProtocolException {
        assertTrue(problem(info -> withFiles(info, path("ok", component))).startsWith("unsafe path"), component);
        assertTrue(problem(info -> info.put("name", component)).startsWith("unsafe name"), component);
    }

    @Test
    void aReaderRejectsPathsThatClashOrEscape() throws ProtocolException {
        assertTrue(problem(info -> withFiles(info, path("Read.me"), path("read.ME"))).contains("two files map to"));
        assertTrue(problem(info -> withFiles(info, path("caf\u00e9"), path("cafe\u0301"))).contains("two files map to"));
        assertTrue(problem(info -> withFiles(info, path("a"), path("A", "b"))).contains("both a file and a folder"));
        assertTrue(problem(info -> withFiles(info, path()).put("pieces", PIECES)).contains("no component"));
        assertTrue(problem(info -> info.put("folders", new BList(List.of(path("c"))))).contains("both a file and an empty folder"));
        assertTrue(problem(info -> info.put("folders", new BList(List.of(path("a"))))).contains("holds something"));
        assertTrue(problem(info -> info.put("folders", new BList(List.of(path("x"), path("X"))))).contains("listed twice"));
        String[] deep = new String[PathRules.MAX_DEPTH + 1];
        Arrays.fill(deep, "d");
        assertTrue(problem(info -> withFiles(info, path(deep))).contains("deeper than"));
        assertTrue(problem(info -> info.put("files", new BList(List.of(BDictionary.builder().put("length", -1)
                .put("path", path("a")).build())))).contains("negative"));
    }

    @Test
    void theNetdLimitsAreThoseOfTheExtension() {
        assertNull(NetdInfo.problem(20L << 30, 1 << 20));
        assertTrue(NetdInfo.problem(1L << 40, 16384).contains("use larger books"));
        assertEquals("the stuff's length is 0; it must be at least 1 byte", NetdInfo.problem(0, 16384));
    }

    @Test
    void aBookRunsAcrossFilesAndEmptyFilesHoldNoByte() {
        StuffLayout layout = goldenFolder().layout();
        assertEquals(0, layout.fileAt(0));
        assertEquals(0, layout.fileAt(2));
        assertEquals(2, layout.fileAt(3), "the empty file at offset 3 holds no byte: byte 3 is in c");
        assertEquals(3, layout.fileAt(5));
        assertArrayEquals(new long[] {3, 0, 2}, layout.files().stream().mapToLong(StuffLayout.StuffFile::length).toArray());
    }
}
