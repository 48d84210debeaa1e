package netd.librarifier.cli;

import netd.librarifier.BookSizeChoice;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * BOOK_SIZE: decimal or {@code 0x} hex, a power of two from 16 KiB to 16 MiB, or {@code auto}
 * ({@link BookSizeChoice#AUTO}). Which format can carry such books depends on the stuff too,
 * so it is chosen later ({@link BookSizeChoice}).
 */
final class BookSizeConverter implements ITypeConverter<Integer> {
    static final int MIN = 16 << 10;
    static final int MAX = 16 << 20;

    @Override
    public Integer convert(String text) {
        if (text.equals("auto")) {
            return BookSizeChoice.AUTO;
        }
        long size = parse(text);
        if (size < MIN || size > MAX || Long.bitCount(size) != 1) {
            throw new TypeConversionException("the book size must be a power of two from 16 KiB (0x4000) to 16 MiB "
                    + "(0x1000000), not " + text);
        }
        return (int) size;
    }

    private static long parse(String text) {
        boolean hex = text.startsWith("0x") || text.startsWith("0X");
        String digits = hex ? text.substring(2) : text;
        // At most 9 digits: no valid size is longer, and a long cannot overflow.
        if (!digits.matches(hex ? "[0-9a-fA-F]{1,9}" : "[0-9]{1,9}")) {
            throw new TypeConversionException("the book size must be auto or a number of bytes, decimal or 0x hex like 0x4000, not '"
                    + text + "'");
        }
        return Long.parseLong(digits, hex ? 16 : 10);
    }
}
