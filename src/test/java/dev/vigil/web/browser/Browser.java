package dev.vigil.web.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testsupport.TestFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven through the system chromedriver. Tests using it are skipped (not
 * failed) on machines without {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}.
 */
final class Browser implements AutoCloseable {

  static final File CHROMIUM = new File("/usr/bin/chromium");
  static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(20);

  final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Skips the calling test class when the browser is not installed. */
  static void assumeInstalled() {
    assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
        "headless browser tests need /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
  }

  static Browser start() throws IOException {
    assumeInstalled();
    Path profile = Files.createTempDirectory("vigil-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-quic", "--no-first-run", "--lang=en-US", "--disable-component-update", "--disable-sync",
        "--window-size=1400,1000", "--user-data-dir=" + profile);
    // The console, read back by contentSecurityViolations().
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
        .usingAnyFreePort().build();
    try {
      return new Browser(new ChromeDriver(service, options), profile);
    } catch (RuntimeException e) {
      TestFiles.deleteTree(profile);
      throw e;
    }
  }

  void open(String url) {
    driver.get(url);
  }

  <T> T await(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
  }

  WebElement awaitElement(String css) {
    return await(d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
  }

  /** Clicks a displayed element; one a live redraw replaced in the meantime is looked up again. */
  void click(String css) {
    await(d -> {
      awaitElement(css).click();
      return true;
    });
  }

  /**
   * Clicks into a field as a user would before typing, and returns it once it has the focus. Live
   * redraws may replace the element until then (the dashboard keeps a focused field), so a stale
   * one is looked up again.
   */
  WebElement focus(String css) {
    return await(d -> {
      WebElement field = awaitElement(css);
      field.click();
      return field.equals(d.switchTo().activeElement()) ? field : null;
    });
  }

  /** Waits until the dashboard's event-bus bridge connection is open. */
  void awaitLive() {
    awaitElement("#conn[data-state='open']");
  }

  /** Runs JavaScript in the page; {@code arguments[i]} are {@code args}. */
  Object script(String js, Object... args) {
    return driver.executeScript(js, args);
  }

  /** Types keys into whatever has the focus, as a keyboard would. */
  void press(CharSequence... keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  /** The id of the element that has the keyboard focus ("" when it has none). */
  String focusedId() {
    String id = driver.switchTo().activeElement().getDomAttribute("id");
    return id == null ? "" : id;
  }

  /** Makes the page see {@code prefers-color-scheme: light|dark}, as a system setting would. */
  void prefersColorScheme(String scheme) {
    driver.executeCdpCommand("Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  /** Shows pages as a phone of {@code width} x {@code height} CSS pixels would (mobile viewport, 2x pixels). */
  void emulatePhone(int width, int height) {
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
  }

  /** How many CSS pixels the page is wider than its viewport (0 when nothing scrolls sideways). */
  long horizontalOverflow() {
    return (Long) script("const e = document.scrollingElement; return Math.max(0, e.scrollWidth - e.clientWidth);");
  }

  /** Runs {@code js} in every document this browser opens from now on, before the page's own scripts. */
  void onEveryPage(String js) {
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", js));
  }

  /**
   * What the browser refused to apply or run because it broke a page's Content-Security-Policy, as its
   * console said it since the last call (Chromium logs every refusal there, whichever page caused it).
   */
  List<String> contentSecurityViolations() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
        .filter(message -> message.contains("Content Security Policy")).toList();
  }

  void screenshot(Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      TestFiles.deleteTree(profile);
    }
  }
}
