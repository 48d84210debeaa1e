package netd.common.library;

import java.nio.charset.StandardCharsets;

/**
 * The rule for a library's {@code name}: one safe path component, because it comes from
 * other people's files and names a file inside a player's directory.
 */
public final class StuffName {
    private StuffName() {
    }

    /** Null when {@code name} is safe, else a sentence saying why it is not. */
    public static String problem(String name) {
        if (name.isEmpty()) {
            return "the name is empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "the name '" + name + "' names a directory, not a file";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > LibraryLimits.MAX_NAME_BYTES) {
            return "the name is longer than " + LibraryLimits.MAX_NAME_BYTES + " bytes";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "the name '" + printable(name) + "' contains a path separator";
            }
            if (c < 0x20 || c == 0x7f) {
                return "the name '" + printable(name) + "' contains a control character";
            }
        }
        return null;
    }

    private static String printable(String name) {
        return name.replaceAll("\\p{Cntrl}", "?");
    }
}
