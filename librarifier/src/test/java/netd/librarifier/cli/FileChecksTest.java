package netd.librarifier.cli;

import netd.common.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FileChecksTest {
    @TempDir
    Path directory;

    @Test
    void theStuffIsANonEmptyRegularFileNamedByItsBaseName() throws IOException {
        Path stuff = Files.writeString(directory.resolve("movie.mkv"), "12345");
        assertEquals(5, FileChecks.stuffLayout(stuff).length());
        assertEquals("movie.mkv", FileChecks.stuffName(directory.resolve("sub/../movie.mkv"), false));
    }

    @Test
    void refusesWhatCannotBeShared() throws IOException {
        Path empty = Files.createFile(directory.resolve("empty"));
        assertEquals(empty + " is empty; there is nothing to share", usageError(() -> FileChecks.stuffLayout(empty)));
        Path missing = directory.resolve("missing");
        assertEquals(missing + " does not exist", usageError(() -> FileChecks.stuffLayout(missing)));
        assertEquals(directory + " holds no byte in its files; there is nothing to share",
                usageError(() -> FileChecks.stuffLayout(directory)));
    }

    @Test
    void refusesANameThatIsNotOneSafePathComponent() throws IOException {
        Path control = Files.writeString(directory.resolve("bad\u0001name"), "x");
        assertEquals(control + " cannot be shared under its name: the name 'bad?name' contains a control character",
                usageError(() -> FileChecks.stuffName(control, false)));
        assertEquals("/ cannot be shared under its name: it has no file name", usageError(() -> FileChecks.stuffName(Path.of("/"), false)));
    }

    @Test
    void theOutputMayNotBeReplacedWithoutForceNorLandInAMissingDirectory() throws IOException {
        Path existing = Files.writeString(directory.resolve("movie.libr"), "old");
        assertEquals(existing + " already exists; use --force to replace it",
                usageError(() -> FileChecks.checkOutput(existing, false)));
        assertDoesNotThrow(() -> FileChecks.checkOutput(existing, true));
        assertEquals("the directory " + directory.resolve("nowhere") + " does not exist",
                usageError(() -> FileChecks.checkOutput(directory.resolve("nowhere/movie.libr"), false)));
        assertEquals(directory + " is a directory; give the path of the library file to write",
                usageError(() -> FileChecks.checkOutput(directory, true)));
    }

    @Test
    void aDeviceIsNotReplacedEvenWithForce() {
        Path device = Path.of("/dev/null");
        assumeTrue(Files.exists(device));
        assertEquals("/dev/null is not a regular file; the library cannot replace it",
                usageError(() -> FileChecks.checkOutput(device, true)));
    }

    private interface Check {
        void run() throws IOException;
    }

    private static String usageError(Check check) {
        return assertThrows(UsageException.class, check::run).getMessage();
    }
}
