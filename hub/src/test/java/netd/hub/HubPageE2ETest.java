package netd.hub;

import netd.common.id.InfoHash;
import netd.common.id.PlayerId;
import netd.common.testing.Browser;
import netd.common.testing.FreePort;
import netd.common.testing.JarProcess;
import netd.common.wire.HubMessage.Event;
import netd.common.wire.HubMessage.Notify;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub's web page in a real Chromium, over the real hub jar, after real announces: the
 * swarms with their counts, a swarm's players a click away, live; a player id that is hostile
 * markup shows as the text it is. Screenshots go to target/screenshots.
 */
class HubPageE2ETest {
    private static final Pattern PAGE = Pattern.compile("its page: (http://127\\.0\\.0\\.1:\\d+/)");
    private static final Duration START = Duration.ofSeconds(20);
    private static final Duration SHOWN = Duration.ofSeconds(15);
    private static final InfoHash STUFF = InfoHash.of(HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f1011121314"));
    private static final InfoHash OTHER = InfoHash.of(HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100ffeeddcc"));
    /** A 20-byte player id that is markup with a script in it. */
    private static final String HOSTILE_ID = "<b onclick=alert(1)>";

    @Test
    void listsTheSwarmsWithTheirCountsAndAChosenSwarmsPlayersAsText() throws Exception {
        int port = FreePort.find();
        try (JarProcess hub = JarProcess.start("hub", List.of("--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--http-port", "0"));
             Browser browser = Browser.start(1100, 900)) {
            String page = hub.awaitLine(PAGE, START).group(1);
            try (HubClient a = HubClient.connect(port); HubClient b = HubClient.connect(port);
                 HubClient c = HubClient.connect(port); HubClient d = HubClient.connect(port)) {
                a.announce(STUFF, RegistrarTest.player(1), 7001, Event.START);
                b.send(new Notify(STUFF, PlayerId.of(HOSTILE_ID.getBytes(StandardCharsets.US_ASCII)), 7002, 0, 0, 0,
                        Event.COMPLETED));
                b.readAnswer();
                c.announce(OTHER, RegistrarTest.player(3), 7003, Event.START);

                browser.open(page);
                browser.await("both swarms", SHOWN, x -> x.text("swarm-rows").contains(OTHER.toString()));
                assertEquals(List.of(STUFF.toString(), "1", "1", "2"), cells("#swarm-rows tr:nth-child(1) td", browser));
                assertEquals(List.of(OTHER.toString(), "0", "1", "1"), cells("#swarm-rows tr:nth-child(2) td", browser));
                assertEquals("2", browser.text("swarm-count"));
                assertTrue(browser.find("players").getAttribute("hidden") != null, "no swarm chosen, no players shown");

                browser.driver().findElement(By.linkText(STUFF.toString())).click();
                browser.await("the chosen swarm's players", SHOWN, x -> x.text("player-rows").contains(HOSTILE_ID));
                assertTrue(browser.driver().getCurrentUrl().endsWith("#" + STUFF), browser.driver().getCurrentUrl());
                List<String> ids = browser.driver().findElements(By.cssSelector("#player-rows td.id")).stream()
                        .map(WebElement::getText).sorted().toList();
                assertEquals(List.of(RegistrarTest.player(1).text(), HOSTILE_ID), ids);
                assertTrue(browser.driver().findElements(By.cssSelector("#player-rows b")).isEmpty(),
                        "the id became an element");

                d.announce(STUFF, RegistrarTest.player(4), 7004, Event.START);
                browser.await("the new player, live", SHOWN,
                        x -> cells("#swarm-rows tr:nth-child(1) td", x).equals(List.of(STUFF.toString(), "1", "2", "3"))
                                && x.text("player-rows").contains(RegistrarTest.player(4).text()));
                assertEquals(List.of(), browser.consoleErrors());
                browser.screenshot("hub-page");

                hub.stop();
                hub.waitFor(START);
                browser.await("that the hub stopped answering", SHOWN,
                        x -> x.text("state").startsWith("the hub has stopped answering"));
                assertEquals(List.of(STUFF.toString(), "1", "2", "3"), cells("#swarm-rows tr:nth-child(1) td", browser),
                        "the last figures stay");
            }
        }
    }

    private static List<String> cells(String selector, Browser browser) {
        return browser.driver().findElements(By.cssSelector(selector)).stream().map(WebElement::getText).toList();
    }
}
