package dev.vigil.notify;

import static dev.vigil.notify.NotifyItSupport.awaitTrue;
import static dev.vigil.notify.NotifyItSupport.count;
import static dev.vigil.notify.NotifyItSupport.createChannel;
import static dev.vigil.notify.NotifyItSupport.post;
import static dev.vigil.notify.NotifyItSupport.publishPower;
import static dev.vigil.notify.NotifyItSupport.settled;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vigil.config.ConfigKey;
import dev.vigil.infra.VigilRuntime;
import dev.vigil.testsupport.TestInfra;
import dev.vigil.testsupport.TestVigil;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.mqtt.MqttClient;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Notifications as an operator meets them: a device's reading over a real broker breaks a rule, and a
 * real SMTP server (GreenMail, in-process) and a real HTTP receiver each get exactly one message with
 * the alert's content; the clear brings exactly one more of each. Channels are made through the API.
 */
class NotificationsIT {

  private static final String SECRET = "receiver-shared-secret";

  private static GreenMail smtp;
  private static Vertx client;
  private static WebhookReceiver receiver;
  private static VigilRuntime vigil;
  private static WebClient web;
  private static MqttClient device;
  private static String pgUri;
  private static int httpPort;
  private static long webhookId;

  @BeforeAll
  static void start() throws Exception {
    int smtpPort = TestInfra.freePort();
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    client = Vertx.vertx();
    receiver = new WebhookReceiver(client, TestInfra.freePort());
    receiver.up();
    pgUri = TestInfra.freshDatabase();
    httpPort = TestInfra.freePort();
    vigil = TestVigil.start(pgUri, httpPort, Map.of(ConfigKey.ALERT_RULES, "power_w>3000:high",
        ConfigKey.SMTP_HOST, "127.0.0.1", ConfigKey.SMTP_PORT, Integer.toString(smtpPort),
        ConfigKey.SMTP_FROM, "vigil@test.example", ConfigKey.NOTIFY_INTERVAL_MS, "200"));
    web = WebClient.create(client);
    createChannel(web, httpPort, new JsonObject().put("name", "ops email").put("type", "email")
        .put("settings", new JsonObject().put("to", new JsonArray().add("ops@test.example"))));
    webhookId = createChannel(web, httpPort, new JsonObject().put("name", "ops hook").put("type", "webhook")
        .put("settings", new JsonObject().put("url", receiver.url()).put("secret", SECRET)));
    device = MqttClient.create(client);
    device.connect(TestInfra.broker().port(), TestInfra.broker().host()).await();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (device != null) {
        device.disconnect().await();
      }
      if (vigil != null) {
        vigil.close();
      }
      receiver.close();
      client.close().await(10, TimeUnit.SECONDS);
    } finally {
      smtp.stop();
    }
  }

  private static List<MimeMessage> emailsAbout(String deviceId) throws Exception {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return m.getSubject().contains(deviceId);
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static long occurrences(String deviceId) {
    return count(pgUri, "SELECT coalesce(max(occurrences), 0) FROM alerts WHERE device_id = '" + deviceId + "'");
  }

  @Test
  void aBreachingReadingSendsOneEmailAndOneWebhookCallAndItsClearExactlyOneMoreOfEach() throws Exception {
    String deviceId = "pump-" + UUID.randomUUID().toString().substring(0, 8);
    publishPower(device, deviceId, 5400);
    publishPower(device, deviceId, 5600); // a repeat of the live alert: no second notification
    awaitTrue("the repeat is judged and everything due is sent",
        () -> occurrences(deviceId) == 2 && settled(pgUri, deviceId));

    List<MimeMessage> emails = emailsAbout(deviceId);
    assertThat(emails).hasSize(1);
    assertThat(emails.get(0).getSubject()).contains("HIGH").contains("power_w");
    assertThat(emails.get(0).getFrom()[0].toString()).isEqualTo("vigil@test.example");
    assertThat(emails.get(0).getAllRecipients()[0].toString()).isEqualTo("ops@test.example");
    assertThat(GreenMailUtil.getBody(emails.get(0))).contains("Device: " + deviceId).contains("Value: 5400");
    List<WebhookReceiver.Call> calls = receiver.callsFor(deviceId);
    assertThat(calls).hasSize(1);
    JsonObject opened = calls.get(0).body();
    assertThat(opened.getString("event")).isEqualTo("opened");
    assertThat(opened.getJsonObject("alert").getString("kind")).isEqualTo("threshold");
    assertThat(opened.getJsonObject("alert").getString("severity")).isEqualTo("high");
    assertThat(opened.getJsonObject("alert").getDouble("value")).isEqualTo(5400.0);
    assertThat(calls.get(0).deliveryHeader()).isEqualTo(opened.getLong("deliveryId").toString());
    assertThat(calls.get(0).signatureHeader()).as("signed with the channel's secret")
        .isEqualTo(Signature.of(SECRET, calls.get(0).raw().getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    for (int i = 0; i < 3; i++) {
      publishPower(device, deviceId, 120); // three in-range readings clear a threshold alert
    }
    awaitTrue("the alert clears and its notifications are sent", () -> count(pgUri,
        "SELECT count(*) FROM alerts WHERE state = 'cleared' AND device_id = '" + deviceId + "'") == 1
        && settled(pgUri, deviceId));

    assertThat(emailsAbout(deviceId)).hasSize(2);
    assertThat(emailsAbout(deviceId).get(1).getSubject()).contains("cleared");
    assertThat(receiver.callsFor(deviceId)).hasSize(2);
    JsonObject cleared = receiver.callsFor(deviceId).get(1).body();
    assertThat(cleared.getString("event")).isEqualTo("cleared");
    assertThat(cleared.getJsonObject("alert").getString("state")).isEqualTo("cleared");
    assertThat(cleared.getJsonObject("alert").getLong("id")).isEqualTo(opened.getJsonObject("alert").getLong("id"));
  }

  @Test
  void theDeliveryLogShowsEachDeliveryWithItsChannelAndOutcome() throws Exception {
    String deviceId = "fan-" + UUID.randomUUID().toString().substring(0, 8);
    publishPower(device, deviceId, 4000);
    awaitTrue("the alert's notifications are sent", () -> occurrences(deviceId) == 1 && settled(pgUri, deviceId)
        && count(pgUri, "SELECT count(*) FROM alert_transitions WHERE alert->>'device_id' = '" + deviceId + "'") == 1);

    JsonArray items = web.get(httpPort, "localhost", "/api/deliveries").addQueryParam("channelId",
        Long.toString(webhookId)).send().await().bodyAsJsonObject().getJsonArray("items");
    JsonObject entry = items.stream().map(JsonObject.class::cast).filter(e -> deviceId.equals(e.getString("deviceId")))
        .findFirst().orElseThrow();
    assertThat(entry.getString("state")).isEqualTo("sent");
    assertThat(entry.getString("channel")).isEqualTo("ops hook");
    assertThat(entry.getString("event")).isEqualTo("opened");
    assertThat(entry.getInteger("attempts")).isEqualTo(1);
    assertThat(entry.getString("sentAt")).isNotNull();
    String metrics = web.get(httpPort, "localhost", "/metrics").send().await().bodyAsString();
    assertThat(metrics).containsPattern("vigil_notifications_total\\{[^}]*outcome=\"sent\"[^}]*type=\"webhook\"");
  }

  @Test
  void sendTestPostsAMadeUpAlertToTheChannelNow() throws Exception {
    int before = receiver.calls().size();
    HttpResponse<Buffer> answer = post(web, httpPort, "/api/channels/" + webhookId + "/test", new JsonObject());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.bodyAsJsonObject().getBoolean("sent")).isTrue();
    assertThat(receiver.calls()).hasSize(before + 1);
    assertThat(receiver.calls().get(before).body().getString("event")).isEqualTo("test");
  }

  @Test
  void sendTestToAnEndThatRefusesAnswers502WithTheReason() throws Exception {
    // disabled, so that no alert of the other tests is routed to it (a test message goes all the same)
    long dead = createChannel(web, httpPort, new JsonObject().put("name", "nobody home").put("type", "slack")
        .put("enabled", false)
        .put("settings", new JsonObject().put("url", "http://127.0.0.1:" + TestInfra.freePort() + "/")));
    HttpResponse<Buffer> answer = post(web, httpPort, "/api/channels/" + dead + "/test", new JsonObject());
    assertThat(answer.statusCode()).isEqualTo(502);
    assertThat(answer.bodyAsJsonObject().getString("error")).containsIgnoringCase("refused");
  }

  @Test
  void aChannelWithAnInvalidFieldIsRefusedWith400NamingIt() {
    HttpResponse<Buffer> answer = post(web, httpPort, "/api/channels", new JsonObject().put("name", "bad")
        .put("type", "webhook").put("settings", new JsonObject().put("url", "file:///etc/passwd")));
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.bodyAsJsonObject().getString("field")).isEqualTo("settings.url");
    HttpResponse<Buffer> taken = post(web, httpPort, "/api/channels", new JsonObject().put("name", "ops hook")
        .put("type", "webhook").put("settings", new JsonObject().put("url", receiver.url())));
    assertThat(taken.statusCode()).isEqualTo(409);
  }
}
