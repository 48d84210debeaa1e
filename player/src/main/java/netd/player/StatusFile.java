package netd.player;

import netd.common.id.PlayerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Writes the player's figures as a small JSON object, replacing the file atomically so a
 * reader never sees half of one (for scripts and monitoring).
 */
public final class StatusFile {
    private static final Logger log = LoggerFactory.getLogger(StatusFile.class);

    private final Path path;
    private final Path temporary;
    private final PlayerId playerId;
    private boolean warned;

    public StatusFile(Path path, PlayerId playerId) {
        this.path = path.toAbsolutePath();
        this.temporary = this.path.resolveSibling(this.path.getFileName() + ".tmp");
        this.playerId = playerId;
    }

    public void write(Progress progress, boolean running) {
        long held = progress.heldBooks();
        String json = String.format(Locale.ROOT,
                "{\"player_id\":\"%s\",\"books_held\":%d,\"books_total\":%d,\"percent\":%.1f,\"left_bytes\":%d,"
                        + "\"downloaded_bytes\":%d,\"uploaded_bytes\":%d,\"peers\":%d,\"bad_books\":%d,"
                        + "\"complete\":%b,\"running\":%b}%n",
                playerId.text(), held, progress.bookCount(), 100.0 * held / progress.bookCount(), progress.left(),
                progress.downloadedBytes(), progress.uploadedBytes(), progress.peers(), progress.badBooks(),
                progress.complete(), running);
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
