package netd.common.testing;

import netd.common.http.HttpReply;
import netd.common.http.ReadOnlyHttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browser fixture against the one HTTP server: a page's script runs, its errors reach
 * the test, and the server's policy stops a script written into the page (what a name or an
 * id shown as markup would be).
 */
class BrowserTest {
    private static final String PAGE = """
            <!DOCTYPE html><html><head><title>t</title><link rel="icon" href="data:,">
            <script src="/page.js" defer></script></head>
            <body><p id="out">not yet</p><p id="inline">inline did not run</p>
            <script>document.getElementById('inline').textContent = 'inline ran';</script></body></html>
            """;
    private static final String SCRIPT = """
            document.getElementById('out').textContent = 'the script ran';
            throw new Error('a deliberate error');
            """;

    @Test
    void runsThePagesScriptsReportsTheirErrorsAndTakesScreenshots() throws Exception {
        try (var server = ReadOnlyHttpServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(
                "/", query -> HttpReply.ok(HttpReply.HTML, PAGE),
                "/page.js", query -> HttpReply.ok("text/javascript", SCRIPT)));
             Browser browser = Browser.start(800, 600)) {
            browser.open("http://127.0.0.1:" + server.address().getPort() + "/");
            browser.await("the script's text", Duration.ofSeconds(10), b -> b.text("out").equals("the script ran"));
            assertEquals("inline did not run", browser.text("inline"), "the policy lets no inline script run");
            List<String> errors = browser.consoleErrors();
            assertTrue(errors.stream().anyMatch(e -> e.contains("a deliberate error")), errors.toString());
            assertTrue(errors.stream().anyMatch(e -> e.contains("Content Security Policy")), errors.toString());
            Path shot = browser.screenshot("browser-fixture");
            byte[] png = Files.readAllBytes(shot);
            assertEquals(0x89, png[0] & 0xff);
            assertEquals('P', png[1]);
        }
    }
}
