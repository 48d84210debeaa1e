package netd.common.library;

import netd.common.ProtocolException;
import netd.common.bencode.BDictionary;
import netd.common.bencode.BInteger;
import netd.common.bencode.BList;
import netd.common.bencode.BValue;
import netd.common.bencode.Bencode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibraryFormatTest {
    private static final HostPort HUB = HostPort.parse("127.0.0.1/8001");
    private static final int BOOK = LibraryLimits.ORIGINAL_BOOK_SIZE;

    /** Hashes that differ per book, so a mix-up of books shows. */
    private static byte[] hashes(long books) {
        byte[] hashes = new byte[(int) books * Library.HASH_LENGTH];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = (byte) (i * 7 + i / 20);
        }
        return hashes;
    }

    private static Library sample() {
        return LibraryFormat.create(HUB, "movie.mkv", 3 * BOOK + 100, BOOK, hashes(4), "netd librarifier test", 1_700_000_000L);
    }

    /** The bytes of a valid two-book library after {@code changeInfo} and {@code changeRoot} have edited its dictionaries. */
    private static byte[] file(UnaryOperator<BDictionary.Builder> changeInfo, UnaryOperator<BDictionary.Builder> changeRoot) {
        BDictionary.Builder info = BDictionary.builder()
                .put("name", "movie.mkv")
                .put("length", 2L * BOOK)
                .put("piece length", BOOK)
                .put("pieces", hashes(2));
        BDictionary.Builder root = BDictionary.builder()
                .put("announce", "127.0.0.1/8001")
                .put("info", changeInfo.apply(info).build());
        return Bencode.encode(changeRoot.apply(root).build());
    }

    private static byte[] fileWithInfo(UnaryOperator<BDictionary.Builder> changeInfo) {
        return file(changeInfo, root -> root);
    }

    private static String problem(byte[] file) {
        return assertThrows(ProtocolException.class, () -> LibraryFormat.parse(file)).getMessage();
    }

    @Test
    void writesAndParsesBackEveryField() throws ProtocolException {
        Library library = sample();
        Library parsed = LibraryFormat.parse(LibraryFormat.write(library));
        assertEquals(HUB, parsed.announce());
        assertEquals("movie.mkv", parsed.name());
        assertEquals(3 * BOOK + 100, parsed.length());
        assertEquals(BOOK, parsed.bookSize());
        assertArrayEquals(hashes(4), parsed.pieceHashes());
        assertEquals("netd librarifier test", parsed.createdBy());
        assertEquals(1_700_000_000L, parsed.creationDate());
        assertEquals(library.infoHash(), parsed.infoHash());
        assertArrayEquals(LibraryFormat.write(library), LibraryFormat.write(parsed));
    }

    @Test
    void optionalKeysMayBeAbsent() throws ProtocolException {
        Library library = LibraryFormat.create(HUB, "a", 1, BOOK, hashes(1), null, null);
        byte[] file = LibraryFormat.write(library);
        String text = new String(file, StandardCharsets.ISO_8859_1);
        assertTrue(!text.contains("created by") && !text.contains("creation date"), text);
        Library parsed = LibraryFormat.parse(file);
        assertNull(parsed.createdBy());
        assertNull(parsed.creationDate());
    }

    @Test
    void writesTheLayoutOfTheProtocolWithSortedKeys() {
        Library library = LibraryFormat.create(HUB, "a", 5, BOOK, new byte[20], "x", 7L);
        String expected = "d8:announce14:127.0.0.1/800110:created by1:x13:creation datei7e4:infod6:lengthi5e4:name1:a"
                + "12:piece lengthi16384e6:pieces20:" + "\0".repeat(20) + "ee";
        assertEquals(expected, new String(LibraryFormat.write(library), StandardCharsets.ISO_8859_1));
    }

    @Test
    void theInfoHashIsTheSha1OfTheInfoBytesAsWritten() throws ProtocolException {
        Library library = sample();
        byte[] info = Bencode.encode(BDictionary.builder()
                .put("length", 3L * BOOK + 100).put("name", "movie.mkv").put("piece length", BOOK).put("pieces", hashes(4))
                .build());
        assertArrayEquals(Sha1.of(info), library.infoHash().toByteArray());
        assertEquals(library.infoHash(), LibraryFormat.parse(LibraryFormat.write(library)).infoHash());
    }

    @Test
    void theInfoHashOfAHandWrittenFileCoversItsExactUnsortedBytes() throws ProtocolException {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        // Keys out of order, as a careless writer might leave them: re-encoding would sort them.
        info.writeBytes("d4:name1:x12:piece lengthi16384e6:lengthi10e6:pieces20:".getBytes(StandardCharsets.US_ASCII));
        info.writeBytes(HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233"));
        info.writeBytes("e".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("d8:announce11:10.0.0.1/804:info".getBytes(StandardCharsets.US_ASCII));
        file.writeBytes(info.toByteArray());
        file.writeBytes("e".getBytes(StandardCharsets.US_ASCII));

        Library library = LibraryFormat.parse(file.toByteArray());

        assertArrayEquals(Sha1.of(info.toByteArray()), library.infoHash().toByteArray());
        assertEquals(10, library.length());
        assertEquals(HostPort.parse("10.0.0.1/80"), library.announce());
    }

    @Test
    void rejectsPiecesOfTheWrongLength() {
        assertEquals("pieces holds 39 bytes, but 2 books need 40",
                problem(fileWithInfo(info -> info.put("pieces", new byte[39]))));
        assertEquals("pieces holds 60 bytes, but 2 books need 40",
                problem(fileWithInfo(info -> info.put("pieces", new byte[60]))));
        assertTrue(problem(fileWithInfo(info -> info.put("length", 2L * BOOK + 1))).contains("3 books need 60"));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void rejectsALengthBelowOneByte(long length) {
        assertTrue(problem(fileWithInfo(info -> info.put("length", length))).contains("must be at least 1 byte"));
    }

    @Test
    void rejectsBookSizesTheFramesCannotCarry() {
        assertTrue(problem(fileWithInfo(info -> info.put("piece length", 0))).contains("book size is 0"));
        assertTrue(problem(fileWithInfo(info -> info.put("piece length", -16384))).contains("book size is -16384"));
        assertEquals("the book size 65531 exceeds the 65530 bytes a book message can carry by 1",
                problem(fileWithInfo(info -> info.put("piece length", 65531))));
        assertTrue(problem(fileWithInfo(info -> info.put("piece length", 1L << 40))).contains("exceeds"));
    }

    @Test
    void rejectsMoreBooksThanABitfieldHolds() {
        long length = (long) (LibraryLimits.MAX_BOOKS + 1) * BOOK;
        assertEquals("the stuff needs 524273 books, 1 more than the 524272 a bitfield can hold; use larger books",
                problem(fileWithInfo(info -> info.put("length", length))));
    }

    @Test
    void acceptsExactlyTheMostBooksABitfieldHolds() {
        assertNull(LibraryFormat.problem((long) LibraryLimits.MAX_BOOKS * BOOK, BOOK));
        assertNull(LibraryFormat.problem(1, LibraryLimits.MAX_BOOK_SIZE));
    }

    @Test
    void aLengthNearTheLimitOfALongIsTooManyBooksNotAnOverflow() {
        String problem = LibraryFormat.problem(Long.MAX_VALUE, BOOK);
        assertTrue(problem != null && problem.contains("books"), String.valueOf(problem));
        assertEquals(562_949_953_421_312L, LibraryLimits.bookCount(Long.MAX_VALUE, BOOK));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "", "a/b", "/abs", "a\\b", "a\0b", "tab\there", "\u007f"})
    void rejectsNamesThatAreNotOneSafePathComponent(String name) {
        assertTrue(problem(fileWithInfo(info -> info.put("name", name))).startsWith("unsafe name: "));
    }

    @Test
    void rejectsANameThatIsNotUtf8OrTooLong() {
        assertEquals("unsafe name: the name is not valid UTF-8",
                problem(fileWithInfo(info -> info.put("name", new byte[] {'a', (byte) 0xff, (byte) 0xfe}))));
        assertTrue(problem(fileWithInfo(info -> info.put("name", "n".repeat(256)))).contains("longer than 255 bytes"));
    }

    @Test
    void acceptsNamesWithSpacesDotsAndOtherScripts() throws ProtocolException {
        for (String name : new String[] {"my movie.mkv", "..hidden", "a..b", "фильм.mkv", "n".repeat(255)}) {
            assertEquals(name, LibraryFormat.parse(fileWithInfo(info -> info.put("name", name))).name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "length", "piece length", "pieces"})
    void rejectsAnInfoWithoutARequiredKey(String key) {
        assertEquals("missing key '" + key + "'", problem(file(info -> without(info, key), root -> root)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"announce", "info"})
    void rejectsALibraryWithoutARequiredKey(String key) {
        assertEquals("missing key '" + key + "'", problem(file(info -> info, root -> without(root, key))));
    }

    /** A builder's dictionary minus {@code key}, as a builder. */
    private static BDictionary.Builder without(BDictionary.Builder builder, String key) {
        BDictionary.Builder copy = BDictionary.builder();
        builder.build().entries().forEach((k, v) -> {
            if (!k.utf8().equals(key)) {
                copy.put(k.utf8(), v);
            }
        });
        return copy;
    }

    @Test
    void rejectsValuesOfTheWrongType() {
        BValue list = new BList(java.util.List.of());
        assertEquals("key 'length' should be an integer, not a string",
                problem(fileWithInfo(info -> info.put("length", "32768"))));
        assertEquals("key 'pieces' should be a string, not an integer",
                problem(fileWithInfo(info -> info.put("pieces", new BInteger(0)))));
        assertEquals("key 'name' should be a string, not a list", problem(fileWithInfo(info -> info.put("name", list))));
        assertEquals("key 'info' should be a dictionary, not a list",
                problem(file(info -> info, root -> root.put("info", list))));
        assertEquals("key 'announce' should be a string, not an integer",
                problem(file(info -> info, root -> root.put("announce", 8001))));
        assertEquals("key 'creation date' should be an integer, not a string",
                problem(file(info -> info, root -> root.put("creation date", "today"))));
        assertTrue(problem("li1ee".getBytes(StandardCharsets.US_ASCII)).contains("expected a bencoded dictionary"));
    }

    @Test
    void rejectsAnAnnounceThatIsNotHostSlashPort() {
        assertTrue(problem(file(info -> info, root -> root.put("announce", "127.0.0.1:8001"))).startsWith("announce: "));
    }

    @Test
    void rejectsMalformedBencodeAndOversizedFiles() {
        byte[] valid = fileWithInfo(info -> info);
        assertTrue(problem(java.util.Arrays.copyOf(valid, valid.length - 1)).contains("ends too early"));
        assertTrue(problem(java.util.Arrays.copyOf(valid, valid.length + 1)).contains("trailing bytes"));
        assertTrue(problem(new byte[LibraryLimits.MAX_LIBRARY_FILE_BYTES + 1]).contains("more than any valid library"));
    }

    @Test
    void createRefusesWhatParseWouldReject() {
        assertThrows(IllegalArgumentException.class, () -> LibraryFormat.create(HUB, "a/b", 1, BOOK, hashes(1), null, null));
        assertThrows(IllegalArgumentException.class, () -> LibraryFormat.create(HUB, "a", 0, BOOK, hashes(0), null, null));
        assertThrows(IllegalArgumentException.class, () -> LibraryFormat.create(HUB, "a", BOOK + 1, BOOK, hashes(1), null, null));
    }
}
