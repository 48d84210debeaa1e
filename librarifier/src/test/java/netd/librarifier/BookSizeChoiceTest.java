package netd.librarifier;

import netd.common.library.StuffLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BookSizeChoiceTest {
    private static final long MIB = 1 << 20;
    private static final long GIB = 1L << 30;

    @ParameterizedTest(name = "a file of {0} bytes: books of {1}, netd {2}")
    @CsvSource({
            "1, 16384, false",
            // 131,104 books of 16 KiB: original players can still read the bitfield.
            "2148007936, 16384, false",
            "2148007937, 65536, true",
            "3221225472, 65536, true",
            // 20 GiB: 40,960 books of 512 KiB.
            "21474836480, 524288, true",
            // 1 TiB: 65,536 books of 16 MiB; beyond, 16 MiB books and more of them.
            "1099511627776, 16777216, true",
            "2199023255552, 16777216, true"})
    void autoKeepsTheOriginalsBooksWhileItCanElseTheSmallestUnderSixtyFourThousandBooks(long length, int size, boolean netd) {
        assertEquals(new BookSizeChoice(size, netd), BookSizeChoice.of(StuffLayout.file(length), BookSizeChoice.AUTO));
    }

    @Test
    void aFolderIsAlwaysANetdLibrary() {
        StuffLayout folder = StuffLayout.folder(List.of(List.of("a")), List.of(100L), List.of());
        assertEquals(new BookSizeChoice(16384, true), BookSizeChoice.of(folder, BookSizeChoice.AUTO));
        assertEquals(new BookSizeChoice(16384, true), BookSizeChoice.of(folder, 16384));
        StuffLayout large = StuffLayout.folder(List.of(List.of("a"), List.of("b")), List.of(3 * GIB, GIB), List.of());
        assertEquals(new BookSizeChoice(65536, true), BookSizeChoice.of(large, BookSizeChoice.AUTO));
    }

    @Test
    void aGivenSizeKeepsTheOriginalFormatWhenItsFramesCarryIt() {
        assertEquals(new BookSizeChoice(32768, false), BookSizeChoice.of(StuffLayout.file(100 * MIB), 32768));
        assertEquals(new BookSizeChoice(16384, false), BookSizeChoice.of(StuffLayout.file(5 * GIB), 16384));
        assertEquals(new BookSizeChoice(65536, true), BookSizeChoice.of(StuffLayout.file(100 * MIB), 65536));
        assertEquals(new BookSizeChoice(16384, true), BookSizeChoice.of(StuffLayout.file(20 * GIB), 16384));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BookSizeChoice.of(StuffLayout.file(1L << 40), 16384));
        assertTrue(e.getMessage().contains("use larger books"), e.getMessage());
    }
}
