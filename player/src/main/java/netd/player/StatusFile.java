package netd.player;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the player's figures as a small JSON object, replacing the file atomically so a
 * reader never sees half of one (for scripts and monitoring).
 */
public final class StatusFile {
    private static final Logger log = LoggerFactory.getLogger(StatusFile.class);

    private final Path path;
    private final Path temporary;
    private final StatusJson status;
    private boolean warned;

    public StatusFile(Path path, StatusJson status) {
        this.path = path.toAbsolutePath();
        this.temporary = this.path.resolveSibling(this.path.getFileName() + ".tmp");
        this.status = status;
    }

    public void write(boolean running) {
        String json = status.document(running);
        try {
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!warned) {
                log.warn("cannot write the status file {}: {}", path, e.getMessage());
                warned = true;
            }
        }
    }
}
