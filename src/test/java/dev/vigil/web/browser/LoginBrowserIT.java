package dev.vigil.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.auth.Role;
import dev.vigil.config.ConfigKey;
import dev.vigil.testsupport.TestInfra;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Logging in and out of a whole running Vigil with users on, in headless Chromium: the first admin's
 * one-time password must be replaced before anything else; a viewer sees no Ack button and the API
 * refuses the viewer's acknowledgement even when the page sends it; an operator acknowledges.
 */
@ExtendWith(BrowserPerTest.class)
class LoginBrowserIT {

  private static LiveVigil vigil;
  private Browser browser; // a fresh one for each test (BrowserPerTest)

  @BeforeAll
  static void startVigil() throws Exception {
    vigil = LiveVigil.start(Map.of(ConfigKey.AUTH_OPEN_LOCALHOST, "false", ConfigKey.ALERT_RULES, "power_w>3000:high"));
    vigil.addUser("vera", Role.VIEWER, "vera-password-1");
    vigil.addUser("otto", Role.OPERATOR, "otto-password-1");
  }

  @AfterAll
  static void stopVigil() {
    if (vigil != null) {
      vigil.close();
    }
  }

  @Test
  void theFirstAdminLogsInWithTheOneTimePasswordChoosesOneAndLogsOut() {
    String oneTime = vigil.firstAdminPassword();
    assertThat(oneTime).isNotBlank();
    browser.open(vigil.page(""));
    logIn("admin", oneTime);
    browser.awaitElement("#password-form");
    assertThat(browser.driver.findElements(By.cssSelector("#kpis"))).as("nothing else until it is changed").isEmpty();
    browser.awaitElement("#pw-current").sendKeys(oneTime);
    browser.awaitElement("#pw-new").sendKeys("admin-own-password");
    browser.click("#pw-save");
    browser.awaitElement("#kpis");
    assertThat(browser.awaitElement("#who").getText()).isEqualTo("admin · admin");
    assertThat(browser.driver.findElement(By.id("open-banner")).isDisplayed()).isFalse();

    browser.click("#logout");
    browser.awaitElement("#login-form");
    assertThat(status("/api/me")).as("the session is gone on the server").isEqualTo(401L);
    logIn("admin", "admin-own-password");
    assertThat(browser.awaitElement("#who").getText()).isEqualTo("admin · admin");
  }

  @Test
  void anAdminCreatesAnApiTokenInSettingsAndRevokesItThere() throws Exception {
    browser.open(vigil.page("settings"));
    logIn("otto", "otto-password-1");
    browser.awaitElement("#s-save");
    assertThat(browser.driver.findElements(By.cssSelector("#tokens-card"))).as("an operator manages no tokens").isEmpty();
    browser.click("#logout");
    vigil.addUser("ada", Role.ADMIN, "ada-password-1");
    logIn("ada", "ada-password-1");
    browser.open(vigil.page("settings"));
    browser.awaitElement("#t-name").sendKeys("grafana");
    new org.openqa.selenium.support.ui.Select(browser.awaitElement("#t-role")).selectByValue("viewer");
    browser.click("#t-create");
    String token = browser.awaitElement("#t-secret").getText();
    assertThat(token).startsWith("vigil_");
    assertThat(bearerStatus(token)).isEqualTo(200);
    browser.awaitElement("#tokens-table tr[data-revoked='false']");
    browser.click("#tokens-table button[aria-label='Revoke token grafana']");
    browser.driver.switchTo().alert().accept();
    browser.awaitElement("#tokens-table tr[data-revoked='true']");
    assertThat(bearerStatus(token)).isEqualTo(401);
  }

  @Test
  void aLoggedInViewerGetsLiveReadingsAndNewAlertsOverTheBridge() {
    String id = "hall-" + System.nanoTime() % 100_000;
    for (int i = 0; i < 3; i++) {
      vigil.publish(id, "power_w", 800 + i);
    }
    browser.open(vigil.page("devices/" + id));
    logIn("vera", "vera-password-1");
    browser.awaitElement(".metric-chart[data-metric='power_w']");
    browser.awaitLive();
    vigil.publish(id, "power_w", 1234);
    browser.await(d -> d.findElement(By.cssSelector(".metric-chart[data-metric='power_w'] .now")).getText()
        .equals("1,234 W"));
    vigil.publish(id, "power_w", 5400);
    assertThat(browser.awaitElement("#banner-region .banner").getText()).contains(id).contains("power_w");
  }

  @Test
  void aWrongPasswordIsExplainedOnTheLoginForm() {
    browser.open(vigil.page(""));
    logIn("vera", "not-the-password");
    browser.await(d -> d.findElement(By.id("login-error")).getText().contains("wrong name or password"));
    assertThat(status("/api/devices")).isEqualTo(401L);
  }

  @Test
  void aViewerCannotAcknowledgeAnAlertAndAnOperatorCan() throws Exception {
    long alert = openAlert("door-1");
    String row = "tr[data-alert-id='" + alert + "']";
    browser.open(vigil.page("alerts"));
    logIn("vera", "vera-password-1");
    assertThat(browser.awaitElement("#who").getText()).isEqualTo("vera · viewer");
    browser.open(vigil.page("alerts"));
    browser.awaitElement(row);
    assertThat(browser.driver.findElements(By.cssSelector(row + " button[data-action='ack']"))).as("no Ack button").isEmpty();
    assertThat(ackFromThePage(alert)).as("the API refuses the viewer's own session, CSRF token and all").isEqualTo(403L);
    assertThat(vigil.queryString("SELECT state FROM alerts WHERE id = " + alert)).isEqualTo("open");
    browser.open(vigil.page("rules"));
    browser.awaitElement("#rules-list");
    assertThat(browser.driver.findElements(By.cssSelector("#rule-form"))).as("no rule form for a viewer").isEmpty();

    browser.click("#logout");
    browser.awaitElement("#login-form");
    logIn("otto", "otto-password-1");
    assertThat(browser.awaitElement("#who").getText()).isEqualTo("otto · operator");
    browser.open(vigil.page("alerts"));
    browser.click(row + " button[data-action='ack']");
    browser.awaitElement(row + "[data-state='acked']");
    assertThat(vigil.queryString("SELECT state FROM alerts WHERE id = " + alert)).isEqualTo("acked");
  }

  private static int bearerStatus(String token) throws Exception {
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(vigil.base + "api/devices"))
        .header("Authorization", "Bearer " + token).build();
    return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private void logIn(String name, String password) {
    browser.awaitElement("#login-name").sendKeys(name);
    browser.awaitElement("#login-password").sendKeys(password);
    browser.click("#login-submit");
  }

  /** The status of a GET from the page (with its cookie). */
  private Long status(String path) {
    return (Long) browser.script("return fetch(arguments[0]).then(r => r.status);", path);
  }

  /** An acknowledgement sent by the page itself as the dashboard would send it: JSON, the session's CSRF token. */
  private Long ackFromThePage(long alert) {
    return (Long) browser.script("return fetch('/api/me').then(r => r.json()).then(me => fetch('/api/alerts/' + arguments[0]"
        + " + '/ack', {method: 'POST', headers: {'X-CSRF-Token': me.csrfToken}})).then(r => r.status);", alert);
  }

  private static long openAlert(String device) throws Exception {
    TestInfra.execute(vigil.pgUri, "INSERT INTO alerts (device_id, kind, metric, severity, message) VALUES ('" + device
        + "', 'anomaly', '', 'high', 'door open at night')");
    return Long.parseLong(vigil.queryString("SELECT max(id) FROM alerts WHERE device_id = '" + device + "'"));
  }
}
