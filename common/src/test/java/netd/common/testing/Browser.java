package netd.common.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Level;

/**
 * A real, headless Chromium for the web pages' end-to-end tests, driven by Selenium through
 * Debian's {@code chromium} and {@code chromium-driver} (scripts/test-deps.sh installs them).
 * Both paths are given, so Selenium never looks for or downloads a driver or a browser, and
 * Chromium's own background traffic (updates, sync) is off: the tests talk to 127.0.0.1 only.
 * A browser that cannot start fails the test with the reason: it is never skipped.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Screenshots are build artefacts: {@code <module>/target/screenshots/<name>.png}. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    /** Console messages read so far (reading the browser's log empties it). */
    private final List<LogEntry> console = new ArrayList<>();

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Starts a headless Chromium with a window of {@code width} × {@code height}. */
    public static Browser start(int width, int height) {
        for (Path needed : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(needed)) {
                throw new AssertionError(needed + " is missing: the web pages' tests need Debian's chromium and "
                        + "chromium-driver (scripts/test-deps.sh installs them)");
            }
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .withLogFile(new File("/dev/null"))
                .build();
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=" + width + "," + height);
        options.setCapability("goog:loggingPrefs", logs);
        try {
            return new Browser(new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            throw new AssertionError("cannot start Chromium (" + CHROMIUM + ") through " + CHROMEDRIVER + ": "
                    + e.getMessage(), e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    public WebElement find(String id) {
        return driver.findElement(By.id(id));
    }

    /** The text of the element {@code id}, as a user reads it. */
    public String text(String id) {
        return find(id).getText();
    }

    /** Runs {@code script} in the page and returns its value. */
    public Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Waits until {@code condition} holds of the page, checking every 100 ms; fails with {@code what}. */
    public void await(String what, Duration timeout, Predicate<Browser> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.test(this)) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e; // the page was between two states: look again
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the page never showed " + what + " within " + timeout.toSeconds() + " s"
                + (last == null ? "" : " (" + last.getMessage() + ")") + "; it shows:\n"
                + driver.findElement(By.tagName("body")).getText());
    }

    /** The console's errors so far (uncaught exceptions, failed loads, policy violations). */
    public List<String> consoleErrors() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        return console.stream().filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** Saves what the window shows to {@link #SCREENSHOTS}{@code /<name>.png} and returns the file. */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
