package netd.player.e2e;

import netd.common.id.PlayerId;
import netd.common.testing.Browser;
import netd.common.wire.PeerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The player's web page in a real Chromium, watching a real swarm (hub, seeder and leecher
 * from their jars on 127.0.0.1). Names and ids that strangers chose are hostile markup here,
 * and must appear as the text they are. Each test leaves a screenshot in target/screenshots.
 */
class PlayerWebE2ETest {
    private static final int BOOK = 16 * 1024;
    private static final Duration DONE = Duration.ofSeconds(90);
    private static final Pattern WEB_PAGE = Pattern.compile("web page: (http://\\S+)");
    /** A stuff name that is markup with a script in it, allowed by the library format (no path separator). */
    static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>.bin";
    /** A 20-byte player id that is markup with a script in it. */
    static final String HOSTILE_ID = "<b onclick=alert(1)>";
    /** Counts the book map's pixels by the colours of the style sheet: held, downloading, missing, other. */
    private static final String COUNT_MAP_COLOURS = """
            const canvas = document.getElementById('book-map');
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            const style = getComputedStyle(document.documentElement);
            const rgb = (name) => style.getPropertyValue(name).match(/\\d+/g).map(Number);
            const colours = { held: rgb('--held'), downloading: rgb('--downloading'), missing: rgb('--missing') };
            const count = { held: 0, downloading: 0, missing: 0, other: 0 };
            for (let i = 0; i < pixels.length; i += 4) {
              if (pixels[i + 3] === 0) continue;
              let kind = 'other';
              for (const [name, c] of Object.entries(colours)) {
                if (pixels[i] === c[0] && pixels[i + 1] === c[1] && pixels[i + 2] === c[2]) kind = name;
              }
              count[kind]++;
            }
            return count;
            """;

    @TempDir
    Path directory;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aDownloadWatchedLiveReachesEveryBookHeldListsItsSeederAndSaysWhenThePlayerEnded() throws Exception {
        // 6 MiB at 1.5 MiB/s: four seconds of download to watch.
        try (Swarm swarm = Swarm.startNamed(directory, HOSTILE_NAME, 6L * 1024 * 1024, BOOK);
             Browser browser = Browser.start(1100, 1500)) {
            Swarm.Player seeder = swarm.seeder("--max-upload-rate", "1536");
            Swarm.Player leecher = swarm.leecher("--http-port", "0");
            String page = leecher.process().awaitLine(WEB_PAGE, Swarm.START).group(1);
            int books = swarm.library().bookCount();

            browser.open(page);
            List<String> percents = new ArrayList<>();
            browser.await("the seeder among the peers", DONE, b -> {
                percents.add(b.text("percent"));
                return b.text("peer-rows").contains(seeder.id());
            });
            browser.await("100 %", DONE, b -> {
                percents.add(b.text("percent"));
                return b.text("percent").equals("100.0 %");
            });
            assertTrue(percents.stream().anyMatch(p -> !p.equals("100.0 %") && p.endsWith(" %")),
                    "the page never showed the download under way: " + percents);
            browser.await("every book held on the map", Duration.ofSeconds(10), b -> {
                Map<?, ?> pixels = (Map<?, ?>) b.script(COUNT_MAP_COLOURS);
                return ((Number) pixels.get("missing")).longValue() == 0
                        && ((Number) pixels.get("downloading")).longValue() == 0
                        && ((Number) pixels.get("held")).longValue() >= books;
            });
            assertEquals(String.format("%,d", books), browser.text("count-held"));
            assertEquals("0", browser.text("count-missing"));
            assertTrue(browser.text("state").startsWith("complete"), browser.text("state"));
            assertEquals(leecher.id(), browser.text("player-id"));
            assertEquals(HOSTILE_NAME, browser.text("name"), "the stuff's name is shown as the text it is");
            assertTrue(browser.driver().findElements(By.tagName("img")).isEmpty(), "the name became an element");
            assertEquals(List.of(), browser.consoleErrors());
            browser.screenshot("player-page");

            leecher.process().stop();
            leecher.awaitDone(DONE);
            swarm.assertIdentical(leecher.file());
            browser.await("that the player ended", Duration.ofSeconds(15),
                    b -> b.text("state").startsWith("the player has ended"));
            assertTrue(browser.text("state").contains("with the stuff complete"), browser.text("state"));
            assertEquals("100.0 %", browser.text("percent"), "the last figures stay");
            assertEquals(HOSTILE_NAME, browser.text("name"));
            browser.screenshot("player-page-ended");
        }
    }

    @Test
    void aPeerWithAHostileIdIsShownAsTextAndCountedInTheApiAndMetrics() throws Exception {
        try (Swarm swarm = Swarm.start(directory, 1024 * 1024, BOOK);
             Browser browser = Browser.start(1100, 1500)) {
            Swarm.Player seeder = swarm.seeder("--http-port", "0");
            String page = seeder.process().awaitLine(WEB_PAGE, Swarm.START).group(1);
            PlayerId hostile = PlayerId.of(HOSTILE_ID.getBytes(StandardCharsets.US_ASCII));
            try (ScriptedPeer downloader = ScriptedPeer.downloader(seeder.port(), swarm.library(), hostile)) {
                downloader.send(new PeerMessage.Interested());
                browser.open(page);
                browser.await("the hostile peer", DONE, b -> b.text("peer-rows").contains(HOSTILE_ID));
                assertEquals(HOSTILE_ID, browser.driver().findElement(By.cssSelector("#peer-rows td.id")).getText());
                assertTrue(browser.driver().findElements(By.cssSelector("#peer-rows b")).isEmpty(),
                        "the id became an element");
                assertEquals("it downloads", browser.driver().findElement(By.cssSelector("#peer-rows td:nth-child(3)"))
                        .getText());
                assertEquals("other", browser.driver().findElement(By.cssSelector("#peer-rows td:nth-child(4)"))
                        .getText());
                assertTrue(browser.text("state").startsWith("complete"), browser.text("state"));
                assertEquals(List.of(), browser.consoleErrors());
                browser.screenshot("player-page-hostile-peer");

                String status = get(page + "api/status", "application/json");
                assertTrue(status.startsWith("{\"schema\":1,"), status);
                assertTrue(status.contains("\"info_hash\":\"" + swarm.library().infoHash() + "\""), status);
                assertTrue(status.contains("\"player_id\":\"" + HOSTILE_ID + "\",\"address\":\"127.0.0.1:"), status);
                assertTrue(status.contains("\"direction\":\"upload\""), status);
                String metrics = get(page + "metrics", "text/plain; version=0.0.4");
                int books = swarm.library().bookCount();
                assertTrue(metrics.contains("\nnetd_player_books_held " + books + ".0\n"), metrics);
                assertTrue(metrics.contains("\nnetd_player_peers 1.0\n"), metrics);
                assertTrue(metrics.contains("\nnetd_player_bad_books_total 0.0\n"), metrics);
                assertTrue(metrics.contains("# TYPE netd_player_uploaded_bytes_total counter"), metrics);
            }
        }
    }

    private String get(String url, String contentType) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith(contentType),
                response.headers().toString());
        return response.body();
    }
}
