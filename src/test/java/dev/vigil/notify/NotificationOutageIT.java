package dev.vigil.notify;

import static dev.vigil.notify.NotifyItSupport.awaitTrue;
import static dev.vigil.notify.NotifyItSupport.count;
import static dev.vigil.notify.NotifyItSupport.createChannel;
import static dev.vigil.notify.NotifyItSupport.publishPower;
import static dev.vigil.notify.NotifyItSupport.settled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigKey;
import dev.vigil.infra.VigilRuntime;
import dev.vigil.testsupport.TestInfra;
import dev.vigil.testsupport.TestVigil;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.mqtt.MqttClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A webhook receiver that is down for a minute, with Vigil restarted in the middle of it: every
 * notification arrives once it is back, and none twice (counted at the receiver). The retry schedule is
 * shortened through its config keys (first retry 0.5 s, at most 4 s apart) so that the receiver's
 * return is noticed within seconds; the outage itself is the 60 s.
 */
class NotificationOutageIT {

  /** How long the receiver stays down; {@code -Dvigil.test.outage.s=N} shortens it while developing. */
  private static final long OUTAGE_S = Long.getLong("vigil.test.outage.s", 60);
  private static final Map<ConfigKey, String> FAST_RETRIES = Map.of(ConfigKey.ALERT_RULES, "power_w>3000:high",
      ConfigKey.NOTIFY_INTERVAL_MS, "200", ConfigKey.NOTIFY_RETRY_FIRST_MS, "500",
      ConfigKey.NOTIFY_RETRY_MAX_MS, "4000", ConfigKey.NOTIFY_RETRY_ATTEMPTS, "1000");

  private Vertx client;
  private WebhookReceiver receiver;
  private VigilRuntime vigil;
  private MqttClient device;
  private String pgUri;
  private int httpPort;

  @BeforeEach
  void start() throws Exception {
    client = Vertx.vertx();
    receiver = new WebhookReceiver(client, TestInfra.freePort());
    pgUri = TestInfra.freshDatabase();
    httpPort = TestInfra.freePort();
    vigil = TestVigil.start(pgUri, httpPort, FAST_RETRIES);
    device = MqttClient.create(client);
    device.connect(TestInfra.broker().port(), TestInfra.broker().host()).await();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      device.disconnect().await();
      if (vigil != null) {
        vigil.close();
      }
      receiver.close();
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  private long failedAttempts() {
    return count(pgUri, "SELECT coalesce(sum(attempts), 0) FROM notification_outbox WHERE state = 'pending'");
  }

  @Test
  void aReceiverDownForAMinuteAcrossAVigilRestartGetsEveryNotificationExactlyOnce() throws Exception {
    WebClient web = WebClient.create(client);
    createChannel(web, httpPort, new JsonObject().put("name", "hook").put("type", "webhook")
        .put("settings", new JsonObject().put("url", receiver.url())));
    web.close();
    Instant downSince = Instant.now(); // the receiver has not listened yet: down from the start
    String opensAndClears = "boiler-" + UUID.randomUUID().toString().substring(0, 8);
    String staysOpen = "pump-" + UUID.randomUUID().toString().substring(0, 8);
    publishPower(device, opensAndClears, 5400);
    publishPower(device, staysOpen, 4200);
    for (int i = 0; i < 3; i++) {
      publishPower(device, opensAndClears, 100);
    }
    // Three deliveries: the two openings fail again and again; the clear waits behind its opening.
    String firstTwo = "('" + opensAndClears + "', '" + staysOpen + "')";
    String pendingOfFirstTwo = "SELECT count(*) FROM notification_outbox o JOIN alert_transitions t ON t.id = o.transition_id"
        + " WHERE o.state = 'pending' AND t.alert->>'device_id' IN " + firstTwo;
    awaitTrue("three deliveries made, both openings failed at least once", () -> count(pgUri, pendingOfFirstTwo) == 3
        && count(pgUri, pendingOfFirstTwo + " AND o.attempts >= 1") == 2);

    vigil.close();
    long attemptsBeforeRestart = failedAttempts();
    vigil = TestVigil.start(pgUri, httpPort, FAST_RETRIES);
    awaitTrue("the restarted Vigil retries", () -> failedAttempts() > attemptsBeforeRestart);
    String afterRestart = "fan-" + UUID.randomUUID().toString().substring(0, 8);
    publishPower(device, afterRestart, 3900);

    long rest = Duration.between(Instant.now(), downSince.plusSeconds(OUTAGE_S)).toMillis();
    if (rest > 0) {
      Thread.sleep(rest); // the outage lasts its full length: this is the scenario, not a wait for a result
    }
    assertThat(receiver.calls()).as("nothing reached a receiver that is down").isEmpty();
    receiver.up();
    // Counted for this test's devices only: the shared broker may carry other tests' readings, and this
    // Vigil's rule would alert on them too.
    String ours = "('" + opensAndClears + "', '" + staysOpen + "', '" + afterRestart + "')";
    awaitTrue("every notification delivered", () -> settled(pgUri, opensAndClears) && settled(pgUri, staysOpen)
        && count(pgUri, "SELECT count(*) FROM alert_transitions WHERE alert->>'device_id' IN " + ours) == 4
        && settled(pgUri, afterRestart));

    assertThat(receiver.callsFor(opensAndClears)).extracting(c -> c.body().getString("event"))
        .containsExactly("opened", "cleared");
    assertThat(receiver.callsFor(staysOpen)).extracting(c -> c.body().getString("event")).containsExactly("opened");
    assertThat(receiver.callsFor(afterRestart)).extracting(c -> c.body().getString("event")).containsExactly("opened");
    List<WebhookReceiver.Call> ourCalls = java.util.stream.Stream.of(opensAndClears, staysOpen, afterRestart)
        .flatMap(d -> receiver.callsFor(d).stream()).toList();
    assertThat(ourCalls).hasSize(4);
    assertThat(ourCalls.stream().map(WebhookReceiver.Call::deliveryHeader).distinct()).hasSize(4);
    assertThat(count(pgUri, "SELECT count(*) FROM notification_outbox o JOIN alert_transitions t ON t.id = o.transition_id"
        + " WHERE o.state = 'sent' AND t.alert->>'device_id' IN " + ours)).isEqualTo(4);
  }
}
