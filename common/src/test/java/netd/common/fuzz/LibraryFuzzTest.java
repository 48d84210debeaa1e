package netd.common.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import netd.common.bencode.BDictionary;
import netd.common.bencode.Bencode;
import netd.common.library.Library;
import netd.common.library.LibraryFormat;
import netd.common.library.LibraryLimits;
import netd.common.library.NetdInfo;
import netd.common.library.PathRules;
import netd.common.library.StuffLayout;
import netd.common.library.StuffName;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The library (.libr) parser and validator (PROTOCOL.md §2, netd libraries: PROTOCOL-EXTENSIONS.md §2-3) against arbitrary files. */
class LibraryFuzzTest {
    @FuzzTest
    void parse(byte[] file) throws IOException {
        Library library = Invariants.decodedOrNull(() -> LibraryFormat.parse(file));
        if (library == null) {
            return;
        }
        // What the validator let through is safe to use.
        assertNull(StuffName.problem(library.name()), "accepted an unsafe name");
        long books = library.bookCount();
        if (library.netd()) {
            assertSafeNetd(library);
        } else {
            assertNull(LibraryFormat.problem(library.length(), library.bookSize()), "accepted broken sizes");
            Invariants.assertBounded(books, LibraryLimits.MAX_BOOKS, "book count");
        }
        assertEquals(books * Library.HASH_LENGTH, library.pieceHashes().length);
        Invariants.assertBounded(library.pieceHashes().length, file.length, "pieces");
        assertEquals(library.length() - (books - 1) * library.bookSize(), library.bookLength((int) books - 1),
                "the last book holds the remainder");

        // Written back and read again, every field survives; the bytes are canonical from then on.
        byte[] written = LibraryFormat.write(library);
        Library again = Invariants.decodedOrNull(() -> LibraryFormat.parse(written));
        assertNotNull(again, "our own writing of an accepted library was rejected");
        assertSameFields(library, again);
        assertArrayEquals(written, LibraryFormat.write(again));
        if (isCanonicalInfo(file, canonicalKeys(library))) {
            assertEquals(library.infoHash(), again.infoHash(), "info hash of a canonical info dictionary");
        }
    }

    /** A netd library's names and paths are safe everywhere, its paths never clash, its sizes keep the extension's limits. */
    private static void assertSafeNetd(Library library) {
        assertNull(PathRules.componentProblem(library.name()), "accepted an unsafe name");
        assertNull(NetdInfo.problem(library.length(), library.bookSize()), "accepted broken sizes");
        Invariants.assertBounded(library.bookCount(), LibraryLimits.MAX_NETD_BOOKS, "book count");
        StuffLayout layout = library.layout();
        if (layout.folder()) {
            List<List<String>> paths = layout.files().stream().map(StuffLayout.StuffFile::path).toList();
            for (List<String> path : paths) {
                assertNull(PathRules.pathProblem(path), "accepted an unsafe path");
            }
            for (List<String> path : layout.emptyFolders()) {
                assertNull(PathRules.pathProblem(path), "accepted an unsafe folder");
            }
            assertNull(PathRules.clashProblem(paths, layout.emptyFolders()), "accepted clashing paths");
        }
    }

    private static void assertSameFields(Library expected, Library actual) {
        assertEquals(expected.announce(), actual.announce());
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.length(), actual.length());
        assertEquals(expected.netd(), actual.netd());
        assertEquals(expected.layout(), actual.layout());
        assertEquals(expected.bookSize(), actual.bookSize());
        assertArrayEquals(expected.pieceHashes(), actual.pieceHashes());
        assertEquals(expected.createdBy(), actual.createdBy());
        assertEquals(expected.creationDate(), actual.creationDate());
    }

    /** How many keys netd writes in the library's info: 4 for the original's, 5 for a netd one, 6 with empty folders. */
    private static int canonicalKeys(Library library) {
        if (!library.netd()) {
            return 4;
        }
        return library.layout().emptyFolders().isEmpty() ? 5 : 6;
    }

    /** Whether the file's info dictionary is written exactly as netd writes one: sorted, {@code keys} keys only. */
    private static boolean isCanonicalInfo(byte[] file, int keys) throws IOException {
        return Boolean.TRUE.equals(Invariants.decodedOrNull(() -> {
            byte[] raw = Bencode.rawValue(file, "info");
            BDictionary info = Bencode.decodeDictionary(raw);
            return info.entries().size() == keys && Arrays.equals(raw, Bencode.encode(info));
        }));
    }
}
