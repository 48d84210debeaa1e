package netd.player.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Folders for end-to-end tests: one made of nested files of random sizes, and a comparison with {@code diff -r}'s meaning. */
final class FolderTree {
    private FolderTree() {
    }

    /**
     * Makes at {@code root} a nested folder of {@code smallFiles} files of 0 to 40,000 bytes
     * (every seventh one empty), {@code largeBytes.length} larger files, and empty folders,
     * one of them nested.
     */
    static Path make(Path root, int smallFiles, long[] largeBytes, long seed) throws IOException {
        Random random = new Random(seed);
        for (int i = 0; i < smallFiles; i++) {
            Path folder = root.resolve("d" + i % 5).resolve("e" + i % 3);
            Files.createDirectories(folder);
            int size = i % 7 == 0 ? 0 : random.nextInt(40_000);
            Swarm.writeRandom(folder.resolve("file-" + i + ".dat"), size, seed + i);
        }
        for (int i = 0; i < largeBytes.length; i++) {
            Path folder = Files.createDirectories(root.resolve("large"));
            Swarm.writeRandom(folder.resolve("big-" + i + ".bin"), largeBytes[i], seed - i);
        }
        Files.createDirectories(root.resolve("empty"));
        Files.createDirectories(root.resolve("d1").resolve("nothing").resolve("here"));
        return root;
    }

    /** Asserts both trees hold the same folders and files with the same bytes, empty ones included: {@code diff -r}'s verdict. */
    static void assertIdentical(Path expected, Path actual) throws IOException {
        List<String> expectedEntries = entries(expected);
        assertEquals(expectedEntries, entries(actual), "the trees list different entries");
        for (String entry : expectedEntries) {
            Path file = expected.resolve(entry);
            if (Files.isRegularFile(file)) {
                assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(actual.resolve(entry)), entry + " differs");
            }
        }
    }

    /** Every entry below {@code root}, relative, with a slash after folders, sorted. */
    private static List<String> entries(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            List<String> entries = new ArrayList<>(paths.filter(path -> !path.equals(root))
                    .map(path -> root.relativize(path) + (Files.isDirectory(path) ? "/" : "")).toList());
            entries.sort(null);
            return entries;
        }
    }

    static long size(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }
}
