package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The optional alert sound, with alerts raised live by a whole running Vigil from readings published over
 * MQTT. Headless Chromium cannot be heard, so the page's Web Audio calls are recorded instead: every
 * tone started (its frequency) and whether the audio was running at that moment, which is what makes a
 * tone audible. Chromium's own autoplay policy is left on, as a user's browser has it.
 */
@ExtendWith(BrowserPerTest.class)
class AlertSoundBrowserIT {

  /** The beep of a critical alert: 880 Hz, then 1,100 Hz (webroot/js/notify.js). */
  private static final List<String> CRITICAL_BEEP = List.of("880@running", "1100@running");
  /** The confirmation beep when the sound is switched on: low, 520 Hz then 650 Hz. */
  private static final List<String> CONFIRMATION_BEEP = List.of("520@running", "650@running");

  /** Wraps AudioScheduledSourceNode.start (what OscillatorNode.start is) to record "frequency@state". */
  private static final String RECORD_TONES = """
      window.tones = [];
      const start = AudioScheduledSourceNode.prototype.start;
      AudioScheduledSourceNode.prototype.start = function (...args) {
        window.tones.push(Math.round(this.frequency ? this.frequency.value : 0) + '@' + this.context.state);
        return start.apply(this, args);
      };""";

  private static LiveVigil vigil;
  private Browser browser; // a fresh one for each test (BrowserPerTest)

  @BeforeAll
  static void startVigil() throws Exception {
    vigil = LiveVigil.start(Map.of(ConfigKey.ALERT_RULES, "power_w>8000:critical"));
  }

  @AfterAll
  static void stopVigil() {
    if (vigil != null) {
      vigil.close();
    }
  }

  @BeforeEach
  void openOverview() throws Exception {
    browser.open(vigil.page(""));
    browser.awaitLive();
    browser.script(RECORD_TONES);
  }

  @Test
  void withTheSoundOnANewAlertArrivingLivePlaysTheAlertBeep() {
    WebElement toggle = browser.awaitElement("#sound-toggle");
    toggle.click();
    assertThat(toggle.getDomAttribute("aria-pressed")).isEqualTo("true");
    assertThat(toggle.getDomAttribute("data-blocked")).isEqualTo("false");
    assertThat(browser.script("return localStorage.getItem('vigil.sound')")).isEqualTo("on");
    assertThat(tones()).as("switching it on confirms with a beep").isEqualTo(CONFIRMATION_BEEP);

    raiseAlertAndAwaitBanner();
    browser.await(d -> tones().size() == 4);
    assertThat(tones().subList(2, 4)).isEqualTo(CRITICAL_BEEP);
  }

  @Test
  void withTheSoundSwitchedOffInSettingsANewAlertIsSilent() {
    browser.click("#sound-toggle"); // on, so that the browser would let audio play
    browser.click("nav a[data-route='settings']");
    WebElement checkbox = browser.awaitElement("#s-sound");
    assertThat(checkbox.isSelected()).isTrue();
    checkbox.click();
    browser.click("#s-save");
    browser.await(d -> "false".equals(d.findElement(By.id("sound-toggle")).getDomAttribute("aria-pressed")));
    browser.script("window.tones.length = 0");

    raiseAlertAndAwaitBanner();
    // The banner and the beep come from the same handler run, so had it beeped, the tone would be recorded.
    assertThat(tones()).isEmpty();
  }

  @Test
  void soundLeftOnFromAnEarlierVisitIsBlockedUntilTheUserTouchesThePageAndSaysSo() {
    browser.script("localStorage.setItem('vigil.sound', 'on')");
    browser.driver.navigate().refresh();
    browser.awaitLive();
    browser.script(RECORD_TONES);
    WebElement toggle = browser.awaitElement("#sound-toggle");
    assertThat(toggle.getDomAttribute("aria-pressed")).isEqualTo("true");
    assertThat(toggle.getDomAttribute("data-blocked")).isEqualTo("true");
    assertThat(toggle.getDomAttribute("title")).contains("click");

    WebElement missed = raiseAlertAndAwaitBanner();
    assertThat(tones()).as("nothing queued on suspended audio").isEmpty();

    missed.findElement(By.cssSelector("button")).click(); // Dismiss: the user's first gesture on the page
    browser.await(d -> "false".equals(toggle.getDomAttribute("data-blocked")));
    raiseAlertAndAwaitBanner();
    browser.await(d -> !tones().isEmpty());
    assertThat(tones()).as("the missed beep is not played late; the new one is").isEqualTo(CRITICAL_BEEP);
  }

  /** Publishes a critical reading from a new device over MQTT and returns the banner announcing its alert. */
  private WebElement raiseAlertAndAwaitBanner() {
    String device = "siren-" + UUID.randomUUID().toString().substring(0, 8);
    vigil.publish(device, "power_w", 9100);
    return browser.await(d -> d.findElements(By.cssSelector("#banner-region .banner")).stream()
        .filter(b -> b.getText().contains(device)).findFirst().orElse(null));
  }

  @SuppressWarnings("unchecked")
  private List<String> tones() {
    return (List<String>) browser.script("return window.tones");
  }
}
