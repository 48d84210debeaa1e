package netd.librarifier.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BookSizeConverterTest {
    private final BookSizeConverter converter = new BookSizeConverter();

    @ParameterizedTest
    @CsvSource({"0x4000, 16384", "16384, 16384", "0X8000, 32768", "0x1000000, 16777216", "16777216, 16777216",
            "0x00004000, 16384"})
    void acceptsPowersOfTwoFromSixteenKibibytesToSixteenMebibytesInDecimalOrHex(String text, int size) {
        assertEquals(size, converter.convert(text));
    }

    @org.junit.jupiter.api.Test
    void autoLeavesTheSizeToTheStuff() {
        assertEquals(netd.librarifier.BookSizeChoice.AUTO, converter.convert("auto"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8192", "0x2000", "0x2000000", "20000", "0x4001", "0", "-16384", "0x-4000"})
    void rejectsOtherSizesNamingTheRule(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(text));
        assertTrue(e.getMessage().startsWith("the book size must be "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "abc", "16k", "1e4", "16384 ", "0x4000h", "99999999999999999999", "٤٠٠٠"})
    void rejectsWhatIsNotANumber(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(text));
        assertEquals("the book size must be auto or a number of bytes, decimal or 0x hex like 0x4000, not '" + text + "'",
                e.getMessage());
    }
}
