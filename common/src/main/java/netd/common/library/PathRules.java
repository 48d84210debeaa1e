package netd.common.library;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for the names and paths of a netd library (PROTOCOL-EXTENSIONS.md §3): they come
 * from strangers and name files inside a player's directory, on Linux, Windows and macOS alike.
 * Stricter than {@link StuffName}, which keeps accepting every name the original accepts.
 */
public final class PathRules {
    /** Path components below the stuff's name: deeper trees are refused. */
    public static final int MAX_DEPTH = 32;
    /** The bytes of one file's path, components and separators together. */
    public static final int MAX_PATH_BYTES = 4096;
    /** Names Windows reserves for devices, with or without an extension. */
    private static final Pattern WINDOWS_RESERVED =
            Pattern.compile("(?i)(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\\..*)?");

    private PathRules() {
    }

    /** Null when {@code component} is one safe path component everywhere, else a sentence saying why not. */
    public static String componentProblem(String component) {
        String problem = StuffName.problem(component);
        if (problem != null) {
            return problem;
        }
        if (component.endsWith(".") || component.endsWith(" ")) {
            return "the name '" + component + "' ends with a dot or a space, which Windows drops";
        }
        if (WINDOWS_RESERVED.matcher(component).matches()) {
            return "the name '" + component + "' is reserved for a device on Windows";
        }
        for (char c : new char[] {'<', '>', ':', '"', '|', '?', '*'}) {
            if (component.indexOf(c) >= 0) {
                return "the name '" + component + "' contains '" + c + "', which Windows refuses in names";
            }
        }
        return null;
    }

    /** Null when {@code path} is a safe relative path (1 to {@link #MAX_DEPTH} safe components), else why not. */
    public static String pathProblem(List<String> path) {
        if (path.isEmpty()) {
            return "a path has no component";
        }
        if (path.size() > MAX_DEPTH) {
            return "the path '" + String.join("/", path) + "' is deeper than " + MAX_DEPTH + " folders";
        }
        if (String.join("/", path).getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            return "a path is longer than " + MAX_PATH_BYTES + " bytes";
        }
        for (String component : path) {
            String problem = componentProblem(component);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /**
     * Null when the files and empty folders of a folder name distinct places even on a file
     * system that ignores case and Unicode normalization (Windows, macOS), and no file stands
     * where a folder must be; else a sentence naming the clash. Each path is assumed safe.
     */
    public static String clashProblem(List<List<String>> files, List<List<String>> emptyFolders) {
        Set<String> fileKeys = new HashSet<>();
        Set<String> folderKeys = new HashSet<>();
        for (List<String> file : files) {
            if (!fileKeys.add(key(file))) {
                return "two files map to '" + String.join("/", file) + "'";
            }
            addAncestors(file, folderKeys);
        }
        for (List<String> folder : emptyFolders) {
            addAncestors(folder, folderKeys);
        }
        for (List<String> file : files) {
            if (folderKeys.contains(key(file))) {
                return "'" + String.join("/", file) + "' is both a file and a folder";
            }
        }
        Set<String> emptyKeys = new HashSet<>();
        for (List<String> folder : emptyFolders) {
            String key = key(folder);
            if (fileKeys.contains(key)) {
                return "'" + String.join("/", folder) + "' is both a file and an empty folder";
            }
            if (folderKeys.contains(key) || !emptyKeys.add(key)) {
                return "the empty folder '" + String.join("/", folder) + "' is listed twice or holds something";
            }
        }
        return null;
    }

    private static void addAncestors(List<String> path, Set<String> into) {
        for (int depth = 1; depth < path.size(); depth++) {
            into.add(key(path.subList(0, depth)));
        }
    }

    /** What a file system that folds case and normalizes Unicode sees of a path. */
    private static String key(List<String> path) {
        return Normalizer.normalize(String.join("/", path), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }
}
