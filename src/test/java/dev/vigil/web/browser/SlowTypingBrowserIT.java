package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.auth.Role;
import dev.vigil.config.ConfigKey;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every editable field of the dashboard, typed into slowly while readings stream over MQTT and keep the
 * pages redrawing: one key at a time, and after each key the test waits until live updates have landed
 * (frames on the event-bus connection, and on pages that redraw live, redraws of the page). Each field
 * must keep the focus all along and end holding the whole of what was typed; where the page saves it,
 * the saved value is whole too. Pages of the dashboard open on localhost, and the login and password
 * forms through vigil.localhost (the same Vigil, reached by a name that is not served open).
 */
@ExtendWith(BrowserPerTest.class)
class SlowTypingBrowserIT {

  private static final List<String> STREAMERS = List.of("stream-1", "stream-2", "stream-3");
  /** What lands on a page while a key waits: frames and redraws, frames only, or nothing (not yet connected). */
  private enum Live { REDRAWN, STILL, OFFLINE }

  private static final Live REDRAWN = Live.REDRAWN;
  private static final Live STILL = Live.STILL;
  /** Counts what arrives on the page's WebSockets, redraws (mutation batches) and chart data loads. */
  private static final String COUNTERS = """
      window.__frames = 0; window.__redraws = 0; window.__readingLoads = 0;
      const NativeSocket = window.WebSocket;
      window.WebSocket = class extends NativeSocket {
        constructor(...args) { super(...args); this.addEventListener('message', () => { window.__frames++; }); }
      };
      const nativeFetch = window.fetch;
      window.fetch = (...args) => {
        if (String(args[0]).includes('/readings')) window.__readingLoads++;
        return nativeFetch.apply(window, args);
      };
      new MutationObserver(() => { window.__redraws++; })
        .observe(document, { subtree: true, childList: true, characterData: true, attributes: true });""";

  private static LiveVigil vigil;
  private static AutoCloseable stream;
  private Browser browser; // a fresh one for each test (BrowserPerTest)

  @BeforeAll
  static void startVigilAndStream() throws Exception {
    vigil = LiveVigil.start(Map.of(ConfigKey.ALERT_RULES, "power_w>1000:critical"));
    vigil.addUser("ada", Role.ADMIN, "ada-password-1");
    vigil.publish("esp-quoted", new JsonObject().put("humidity", 40));
    vigil.publishPayload("esp-quoted", io.vertx.core.buffer.Buffer.buffer("{\"temp\": \"21\"}"));
    stream = vigil.stream(250, STREAMERS.toArray(String[]::new));
    DbWait.until(vigil.pgUri, "SELECT count(*) = 3 FROM alerts WHERE device_id LIKE 'stream-%'");
  }

  @AfterAll
  static void stopStreamAndVigil() throws Exception {
    if (stream != null) {
      stream.close();
    }
    if (vigil != null) {
      vigil.close();
    }
  }

  @BeforeEach
  void countLiveUpdates() {
    browser.onEveryPage(COUNTERS);
  }

  @Test
  void theOverviewTariffAndDeviceFilterKeepEveryKeyWhileCardsRedraw() {
    open("");
    browser.awaitElement(".device-card[data-device-id='stream-1']");
    typeSlowly("#tariff-input", REDRAWN, text("2.75"), "2.75");
    browser.press(Keys.TAB);
    browser.await(d -> "2.75".equals(browser.script("return localStorage.getItem('vigil.tariff')")));

    typeSlowly("#device-filter", REDRAWN, text("stream-2"), "stream-2");
    browser.await(d -> d.findElements(By.cssSelector(".device-card")).size() == 1);
    assertThat(browser.awaitElement(".device-card").getDomAttribute("data-device-id")).isEqualTo("stream-2");
  }

  @Test
  void textSelectedInALiveCardStaysSelectedThroughRedraws() {
    open("");
    browser.awaitElement(".device-card[data-device-id='stream-1']");
    browser.script("""
        const range = document.createRange();
        range.selectNodeContents(document.querySelector(".device-card[data-device-id='stream-1']"));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        window.__selected = getSelection().toString();""");
    for (int i = 0; i < 3; i++) {
      awaitLiveUpdates(REDRAWN);
    }
    assertThat((String) browser.script("return window.__selected")).contains("stream-1");
    assertThat(browser.script("return getSelection().toString()")).as("what the user selected, to copy it")
        .isEqualTo(browser.script("return window.__selected"));
  }

  @Test
  void theRangePickerKeepsWhatIsTypedThroughLiveRedrawsAndAutoRefreshes() {
    open("devices/stream-1?range=day&refresh=5s");
    browser.awaitElement(".metric-chart[data-metric='power_w']");
    typeSlowly("#range-from", REDRAWN, typed("1128", "2026", Keys.ARROW_RIGHT, "091530A"), "2026-11-28T09:15:30");
    // Away from the picker (to read the chart, say) while an auto-refresh reloads it: the edit must stay.
    browser.script("document.activeElement.blur()");
    long loads = counter("__readingLoads");
    browser.await(d -> counter("__readingLoads") > loads);
    assertThat(browser.script("return document.querySelector('#range-from').value")).as("the edited field, after a refresh")
        .isEqualTo("2026-11-28T09:15:30");
    typeSlowly("#range-to", REDRAWN, typed("1129", "2026", Keys.ARROW_RIGHT, "102040A"), "2026-11-29T10:20:40");
    long moreLoads = counter("__readingLoads");
    browser.await(d -> counter("__readingLoads") > moreLoads);
    assertThat(browser.script("return document.querySelector('#range-from').value")).as("the first field, after another")
        .isEqualTo("2026-11-28T09:15:30");

    browser.click("#range-apply");
    browser.await(d -> Boolean.TRUE.equals(browser.script("""
        const q = new URLSearchParams(location.hash.split('?')[1]);
        return q.get('from') === new Date('2026-11-28T09:15:30').toISOString()
          && q.get('to') === new Date('2026-11-29T10:20:40').toISOString();""")));

    typeSlowly("#refresh", REDRAWN, keys(Keys.ARROW_DOWN, 2), "1m");
    browser.await(d -> d.getCurrentUrl().contains("refresh=1m"));
  }

  @Test
  void theAlertFiltersKeepEveryKeyWhileAlertRepeatsRedrawTheTable() {
    open("alerts");
    browser.awaitElement("tr[data-alert-id]");
    typeSlowly("#f-severity", REDRAWN, keys(Keys.ARROW_DOWN, 1), "critical");
    typeSlowly("#f-state", REDRAWN, keys(Keys.ARROW_DOWN, 1), "open");
    typeSlowly("#f-since", REDRAWN, keys(Keys.ARROW_DOWN, 1), "1h");
    typeSlowly("#f-device", REDRAWN, text("stream-2"), "stream-2");
    browser.press(Keys.ENTER);
    browser.await(d -> "1 alert · page 1 of 1".equals(d.findElement(By.id("alerts-total")).getText()));
  }

  @Test
  void aDevicesSiteAndTagsTypedSlowlyAreSavedWholeAndFilterTheOverview() throws Exception {
    open("devices/stream-3");
    typeSlowly("#placement-site", REDRAWN, text("plant-a"), "plant-a");
    typeSlowly("#placement-tags", REDRAWN, text("floor:2, kind:hvac"), "floor:2, kind:hvac");
    typeSlowly("#placement-role", REDRAWN, keys(Keys.ARROW_DOWN, 1), "producer");
    browser.click("#placement-save");
    browser.await(d -> "Saved.".equals(d.findElement(By.id("placement-status")).getText()));
    assertThat(vigil.queryString("SELECT site || ' ' || array_to_string(tags, ',') || ' ' || energy_role FROM devices"
        + " WHERE id = 'stream-3'")).isEqualTo("plant-a floor:2,kind:hvac producer");

    open("");
    typeSlowly("#site-filter", REDRAWN, keys(Keys.ARROW_DOWN, 1), "plant-a");
    typeSlowly("#tag-filter", REDRAWN, keys(Keys.ARROW_DOWN, 1), "floor:2");
    browser.await(d -> d.findElements(By.cssSelector(".device-card")).size() == 1);
  }

  @Test
  void theRejectedFiltersKeepEveryKey() {
    open("rejected");
    browser.awaitElement("tr[data-dead-letter-id]");
    browser.awaitElement("#f-reason option[value='bad_topic']");
    typeSlowly("#f-reason", STILL, keys(Keys.ARROW_DOWN, 1), "bad_topic");
    typeSlowly("#f-since", STILL, keys(Keys.ARROW_DOWN, 1), "1h");
    typeSlowly("#f-device", STILL, text("esp-quoted"), "esp-quoted");
  }

  @Test
  void aRuleTypedSlowlyIsSavedWhole() throws Exception {
    open("rules");
    browser.awaitElement("#rule-form #r-device option[value='stream-1']");
    String firstDevice = (String) browser.script("return document.querySelector('#r-device').options[1].value");
    typeSlowly("#r-device", STILL, keys(Keys.ARROW_DOWN, 1), firstDevice);
    typeSlowly("#r-metric", STILL, text("voltage_v"), "voltage_v");
    typeSlowly("#r-operator", STILL, keys(Keys.ARROW_DOWN, 3), "<=");
    typeSlowly("#r-value", STILL, text("198.25"), "198.25");
    typeSlowly("#r-severity", STILL, keys(Keys.ARROW_DOWN, 2), "critical");
    typeSlowly("#r-enabled", STILL, List.of(" "), "false");
    browser.click("#rule-save");
    assertThat(DbWait.value(vigil.pgUri, "SELECT concat_ws(' ', device_id, metric, operator, value, severity, enabled) "
        + "FROM rules WHERE metric = 'voltage_v'")).isEqualTo(firstDevice + " voltage_v <= 198.25 critical f");
  }

  @Test
  void aChannelTypedSlowlyIsSavedWhole() throws Exception {
    open("notifications");
    browser.awaitElement("#channel-form #c-name");
    typeSlowly("#c-name", STILL, text("plant hook"), "plant hook");
    typeSlowly("#c-to", STILL, text("ops@example.com, b@c.de"), "ops@example.com, b@c.de");
    typeSlowly("#c-from", STILL, text("vigil@example.com"), "vigil@example.com");
    typeSlowly("#c-type", STILL, keys(Keys.ARROW_DOWN, 3), "ntfy");
    typeSlowly("#c-url", STILL, text("https://ntfy.sh/plant"), "https://ntfy.sh/plant");
    typeSlowly("#c-token", STILL, text("tk_2b7e"), "tk_2b7e");
    typeSlowly("#c-type", STILL, keys(Keys.ARROW_UP, 2), "webhook");
    typeSlowly("#c-secret", STILL, text("s3cret-key"), "s3cret-key");
    typeSlowly("#c-min", STILL, keys(Keys.ARROW_DOWN, 2), "high");
    typeSlowly("#c-devices", STILL, text("stream-*"), "stream-*");
    typeSlowly("#c-rules", STILL, text("3, 7"), "3, 7");
    typeSlowly("#c-kinds", STILL, text("threshold, offline"), "threshold, offline");
    typeSlowly("#c-rate-max", STILL, text("12"), "12");
    typeSlowly("#c-rate-per", STILL, text("600"), "600");
    typeSlowly("#c-quiet-from", STILL, text("1030P"), "22:30");
    typeSlowly("#c-quiet-to", STILL, text("0645A"), "06:45");
    typeSlowly("#c-quiet-zone", STILL, text("Europe/Zurich"), "Europe/Zurich");
    typeSlowly("#c-quiet-except", STILL, keys(Keys.ARROW_DOWN, 1), "critical");
    typeSlowly("#c-enabled", STILL, List.of(" "), "false");
    browser.click("#channel-save");
    JsonObject spec = new JsonObject(DbWait.value(vigil.pgUri,
        "SELECT spec::text FROM notification_channels WHERE name = 'plant hook' AND type = 'webhook' AND NOT enabled"));
    assertThat(spec.getJsonObject("settings").getString("url")).isEqualTo("https://ntfy.sh/plant");
    assertThat(spec.getJsonObject("routing").encode()).contains("\"high\"", "stream-*", "[3,7]", "threshold", "offline");
    assertThat(spec.getJsonObject("rateLimit").encode()).isEqualTo("{\"max\":12,\"perSeconds\":600}");
    assertThat(spec.getJsonObject("quietHours").encode()).contains("22:30", "06:45", "Europe/Zurich", "critical");
    typeSlowly("#d-state", STILL, keys(Keys.ARROW_DOWN, 2), "sent");
  }

  @Test
  void settingsTypedSlowlyAreSavedWhole() {
    open("settings");
    typeSlowly("#s-token", STILL, text("tok-5f3a"), "tok-5f3a");
    typeSlowly("#s-tariff", STILL, text("0.415"), "0.415");
    typeSlowly("#s-currency", STILL, text("CHF"), "CHF");
    typeSlowly("#s-theme", STILL, keys(Keys.ARROW_DOWN, 2), "dark");
    typeSlowly("#s-sound", STILL, List.of(" "), "true");
    browser.click("#s-save");
    browser.await(d -> "Saved.".equals(d.findElement(By.id("s-status")).getText()));
    assertThat(browser.script("return [localStorage.getItem('vigil.apiToken'), localStorage.getItem('vigil.tariff'), "
        + "localStorage.getItem('vigil.currency'), localStorage.getItem('vigil.theme'), localStorage.getItem('vigil.sound')]"))
        .isEqualTo(List.of("tok-5f3a", "0.415", "CHF", "dark", "on"));

    typeSlowly("#u-name", STILL, text("mila"), "mila");
    typeSlowly("#u-role", STILL, keys(Keys.ARROW_DOWN, 1), "operator");
    browser.click("#u-add");
    browser.awaitElement("#u-password");
    typeSlowly("#t-name", STILL, text("grafana"), "grafana");
    typeSlowly("#t-role", STILL, keys(Keys.ARROW_DOWN, 2), "admin");
    browser.click("#t-create");
    browser.awaitElement("#t-secret");
  }

  @Test
  void theLoginAndPasswordFieldsKeepEveryKey() throws Exception {
    browser.open(vigil.page("settings").replace("//localhost:", "//vigil.localhost:"));
    typeSlowly("#login-name", Live.OFFLINE, text("ada"), "ada");
    typeSlowly("#login-password", Live.OFFLINE, text("ada-password-1"), "ada-password-1");
    browser.press(Keys.ENTER);
    browser.awaitLive();
    typeSlowly("#pw-current", STILL, text("ada-password-1"), "ada-password-1");
    typeSlowly("#pw-new", STILL, text("ada-password-2"), "ada-password-2");
    browser.click("#pw-save");
    browser.await(d -> "Password changed.".equals(d.findElement(By.id("pw-status")).getText()));
  }

  private void open(String route) {
    browser.open(vigil.page(route));
    browser.awaitLive();
  }

  /**
   * Focuses the field as a script would (a datetime field at its first part), selects what it holds, and
   * presses {@code keys} one at a time, waiting after each until live updates have landed: the field must
   * keep the focus after every key, and end holding {@code expected} (a checkbox: whether it is checked).
   */
  private void typeSlowly(String css, Live live, List<CharSequence> keys, String expected) {
    browser.awaitElement(css);
    browser.script("""
        const field = window.__field = document.querySelector(arguments[0]);
        field.focus();
        if (['text', 'search', 'password', 'number', 'url'].includes(field.type)) field.select();""", css);
    for (CharSequence key : keys) {
      browser.press(key);
      awaitLiveUpdates(live);
      assertThat(browser.script("return window.__field.isConnected && document.activeElement === window.__field"))
          .as("%s keeps the focus after the key '%s'", css, key).isEqualTo(true);
    }
    assertThat(browser.script("return window.__field.type === 'checkbox' ? String(window.__field.checked) : window.__field.value"))
        .as("what %s holds", css).isEqualTo(expected);
  }

  /**
   * Waits for three frames on the live connection and, on a page that redraws live, two redraws; before
   * the page is connected (the login form), a pause as long as a slow typist's.
   */
  private void awaitLiveUpdates(Live live) {
    if (live == Live.OFFLINE) {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    long frames = counter("__frames");
    long redraws = counter("__redraws");
    new WebDriverWait(browser.driver, Duration.ofSeconds(20), Duration.ofMillis(25)).until(d ->
        counter("__frames") >= frames + 3 && (live == Live.STILL || counter("__redraws") >= redraws + 2));
  }

  private long counter(String name) {
    return ((Number) browser.script("return window." + name + " || 0")).longValue();
  }

  private static List<CharSequence> text(String typed) {
    return typed.chars().mapToObj(c -> (CharSequence) String.valueOf((char) c)).toList();
  }

  /** Text typed a character at a time, and keys pressed once (a year in a date field ends with an arrow). */
  private static List<CharSequence> typed(Object... parts) {
    List<CharSequence> keys = new ArrayList<>();
    for (Object part : parts) {
      if (part instanceof Keys key) {
        keys.add(key);
      } else {
        keys.addAll(text((String) part));
      }
    }
    return keys;
  }

  private static List<CharSequence> keys(Keys key, int times) {
    return new ArrayList<>(Collections.nCopies(times, key));
  }
}
