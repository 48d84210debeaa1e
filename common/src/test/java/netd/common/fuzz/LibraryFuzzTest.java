package netd.common.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import netd.common.bencode.BDictionary;
import netd.common.bencode.Bencode;
import netd.common.library.Library;
import netd.common.library.LibraryFormat;
import netd.common.library.LibraryLimits;
import netd.common.library.StuffName;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The library (.libr) parser and validator (PROTOCOL.md §2) against arbitrary files. */
class LibraryFuzzTest {
    @FuzzTest
    void parse(byte[] file) throws IOException {
        Library library = Invariants.decodedOrNull(() -> LibraryFormat.parse(file));
        if (library == null) {
            return;
        }
        // What the validator let through is safe to use.
        assertNull(StuffName.problem(library.name()), "accepted an unsafe name");
        assertNull(LibraryFormat.problem(library.length(), library.bookSize()), "accepted broken sizes");
        long books = library.bookCount();
        assertEquals(books * Library.HASH_LENGTH, library.pieceHashes().length);
        Invariants.assertBounded(library.pieceHashes().length, file.length, "pieces");
        Invariants.assertBounded(books, LibraryLimits.MAX_BOOKS, "book count");
        assertEquals(library.length() - (books - 1) * library.bookSize(), library.bookLength((int) books - 1),
                "the last book holds the remainder");

        // Written back and read again, every field survives; the bytes are canonical from then on.
        byte[] written = LibraryFormat.write(library);
        Library again = Invariants.decodedOrNull(() -> LibraryFormat.parse(written));
        assertNotNull(again, "our own writing of an accepted library was rejected");
        assertSameFields(library, again);
        assertArrayEquals(written, LibraryFormat.write(again));
        if (isCanonicalInfo(file)) {
            assertEquals(library.infoHash(), again.infoHash(), "info hash of a canonical info dictionary");
        }
    }

    private static void assertSameFields(Library expected, Library actual) {
        assertEquals(expected.announce(), actual.announce());
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.length(), actual.length());
        assertEquals(expected.bookSize(), actual.bookSize());
        assertArrayEquals(expected.pieceHashes(), actual.pieceHashes());
        assertEquals(expected.createdBy(), actual.createdBy());
        assertEquals(expected.creationDate(), actual.creationDate());
    }

    /** Whether the file's info dictionary is written exactly as netd writes one: sorted, the four keys only. */
    private static boolean isCanonicalInfo(byte[] file) throws IOException {
        return Boolean.TRUE.equals(Invariants.decodedOrNull(() -> {
            byte[] raw = Bencode.rawValue(file, "info");
            BDictionary info = Bencode.decodeDictionary(raw);
            return info.entries().size() == 4 && Arrays.equals(raw, Bencode.encode(info));
        }));
    }
}
