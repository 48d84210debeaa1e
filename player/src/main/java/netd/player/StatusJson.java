package netd.player;

import netd.common.id.PlayerId;
import netd.common.json.JsonWriter;
import netd.common.library.Library;

import java.time.InstantSource;
import java.time.temporal.ChronoUnit;

/**
 * The player's figures as JSON members: what the {@code --status-file} holds, and the start
 * of the web page's {@code /api/status}, written by this one class for both. {@link #SCHEMA}
 * changes when a member changes meaning or goes; new members may come without it.
 */
public final class StatusJson {
    public static final int SCHEMA = 1;

    private final PlayerId playerId;
    private final Library library;
    private final Progress progress;
    private final Speeds speeds;
    private final InstantSource clock;

    public StatusJson(PlayerId playerId, Library library, Progress progress, Speeds speeds, InstantSource clock) {
        this.playerId = playerId;
        this.library = library;
        this.progress = progress;
        this.speeds = speeds;
        this.clock = clock;
    }

    /** The status file's whole content: one flat object. */
    public String document(boolean running) {
        JsonWriter json = new JsonWriter().beginObject();
        members(json, running);
        return json.endObject() + "\n";
    }

    /** Writes the status members into the object {@code json} is writing. */
    public void members(JsonWriter json, boolean running) {
        long held = progress.heldBooks();
        long left = progress.left();
        long eta = progress.complete() ? 0 : speeds.etaSeconds(left);
        json.member("schema", SCHEMA)
                .member("updated_at", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString())
                .member("player_id", playerId.text())
                .member("info_hash", library.infoHash().toString())
                .member("name", library.name())
                .member("size_bytes", library.length())
                .member("book_size", library.bookSize())
                .member("books_held", held)
                .member("books_total", progress.bookCount())
                .name("percent").valueOneDecimal(100.0 * held / progress.bookCount())
                .member("left_bytes", left)
                .member("downloaded_bytes", progress.downloadedBytes())
                .member("uploaded_bytes", progress.uploadedBytes())
                .member("down_bytes_per_s", Math.round(speeds.down()))
                .member("up_bytes_per_s", Math.round(speeds.up()));
        if (eta >= 0) {
            json.member("eta_seconds", eta);
        }
        json.member("peers", progress.peers())
                .member("hub_answers", progress.hubAnswers())
                .member("bad_books", progress.badBooks())
                .member("complete", progress.complete())
                .member("running", running);
    }
}
