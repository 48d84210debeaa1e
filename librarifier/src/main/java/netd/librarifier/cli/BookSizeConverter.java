package netd.librarifier.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * BOOK_SIZE: decimal or {@code 0x} hex, a power of two from 16 KiB to 16 MiB. Whether the
 * protocol's frames can carry such books (§7) depends on the file too, so it is checked later.
 */
final class BookSizeConverter implements ITypeConverter<Integer> {
    static final int MIN = 16 << 10;
    static final int MAX = 16 << 20;

    @Override
    public Integer convert(String text) {
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
            throw new TypeConversionException("the book size must be a number of bytes, decimal or 0x hex like 0x4000, not '"
                    + text + "'");
        }
        return Long.parseLong(digits, hex ? 16 : 10);
    }
}
