package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.Alert;
import dev.vigil.alert.NewAlert;
import dev.vigil.alert.Severity;
import dev.vigil.store.AlertStore;
import dev.vigil.store.PgPools;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deduplication lives in PostgreSQL (the trigger of V9__notifications.sql and the outbox's unique
 * keys), so it is specified here against a real one: an alert notifies when it opens, when it
 * escalates and when it clears, never on repeats or acknowledgements; and two senders routing and
 * claiming at the same time (two clustered instances) never make or take a delivery twice.
 */
class NotificationDedupIT {

  private static Vertx vertx;
  private static String pgUri;
  private static Pool pool;
  private static AlertStore alerts;
  private static ChannelStore channels;

  @BeforeAll
  static void start() {
    pgUri = TestInfra.freshDatabase();
    vertx = Vertx.vertx();
    pool = PgPools.create(vertx, pgUri, 6);
    alerts = new AlertStore(pool);
    channels = new ChannelStore(pool);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void emptyTables() {
    TestInfra.execute(pgUri, "DELETE FROM alerts; DELETE FROM notification_channels");
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static NewAlert breach(String device, Severity severity, double value) {
    return new NewAlert(device, Alert.THRESHOLD, "power_w", null, severity, "power_w > 3000 (" + value + ")", value,
        3000.0, null, null);
  }

  private static List<String> transitionsOf(long alertId) throws Exception {
    return await(pool.preparedQuery("SELECT transition || ':' || severity AS t FROM alert_transitions "
        + "WHERE alert_id = $1 ORDER BY id").execute(io.vertx.sqlclient.Tuple.of(alertId)))
        .stream().map(row -> row.getString("t")).toList();
  }

  @Test
  void anAlertNotifiesWhenItOpensEscalatesAndClearsAndNeverOnRepeatsOrAcks() throws Exception {
    Alert opened = await(alerts.raise(breach("pump-1", Severity.MEDIUM, 3100)));
    await(alerts.raise(breach("pump-1", Severity.MEDIUM, 3200)));
    await(alerts.raise(breach("pump-1", Severity.HIGH, 3900)));
    await(alerts.raise(breach("pump-1", Severity.MEDIUM, 3300)));
    await(alerts.raise(breach("pump-1", Severity.HIGH, 3950)));
    await(alerts.ack(opened.id()));
    await(alerts.raise(breach("pump-1", Severity.CRITICAL, 5000)));
    await(alerts.clearLive("pump-1", Alert.THRESHOLD, "power_w"));
    await(alerts.clear(opened.id()));

    assertThat(transitionsOf(opened.id()))
        .containsExactly("opened:medium", "escalated:high", "escalated:critical", "cleared:critical");
  }

  @Test
  void theTransitionCarriesTheAlertAsItWasThen() throws Exception {
    Alert opened = await(alerts.raise(breach("pump-2", Severity.HIGH, 4100)));
    await(alerts.raise(breach("pump-2", Severity.HIGH, 4700)));
    JsonObject snapshot = await(pool.preparedQuery("SELECT alert FROM alert_transitions WHERE alert_id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(opened.id()))).iterator().next().getJsonObject("alert");
    Alert then = Transition.alertFromRow(snapshot);
    assertThat(then.value()).isEqualTo(4100.0);
    assertThat(then.deviceId()).isEqualTo("pump-2");
    assertThat(then.openedAt()).isEqualTo(opened.openedAt());
  }

  @Test
  void twoSendersRoutingAndClaimingAtOnceMakeAndTakeEachDeliveryOnce() throws Exception {
    Channel everything = await(channels.create(Channel.fromJson(0, new JsonObject(
        "{\"name\":\"all\",\"type\":\"webhook\",\"settings\":{\"url\":\"http://127.0.0.1:9/\"}}"))));
    await(channels.create(Channel.fromJson(0, new JsonObject("{\"name\":\"critical only\",\"type\":\"webhook\","
        + "\"settings\":{\"url\":\"http://127.0.0.1:9/\"},\"routing\":{\"minSeverity\":\"critical\"}}"))));
    for (int i = 0; i < 40; i++) {
      await(alerts.raise(breach("dev-" + i, i % 4 == 0 ? Severity.CRITICAL : Severity.HIGH, 4000 + i)));
    }
    Outbox one = new Outbox(pool);
    Outbox two = new Outbox(pool);
    for (int round = 0; round < 10; round++) {
      await(Future.all(one.route(7), two.route(7)));
    }
    long deliveries = count("SELECT count(*) FROM notification_outbox");
    assertThat(deliveries).as("40 to 'all', the 10 critical ones to 'critical only'").isEqualTo(50);

    List<Delivery> a = await(one.claim(30, Duration.ofMinutes(1)));
    List<Delivery> b = await(two.claim(30, Duration.ofMinutes(1)));
    assertThat(a.size() + b.size()).isEqualTo(50);
    assertThat(a).extracting(Delivery::id).doesNotContainAnyElementsOf(b.stream().map(Delivery::id).toList());
    assertThat(await(one.claim(30, Duration.ofMinutes(1)))).as("claimed ones are leased").isEmpty();
    assertThat(a.stream().filter(d -> d.channel().id() == everything.id()).count()
        + b.stream().filter(d -> d.channel().id() == everything.id()).count()).isEqualTo(40);
  }

  @Test
  void aClearIsNotSentBeforeTheOpeningOfTheSameAlertOnTheSameChannel() throws Exception {
    await(channels.create(Channel.fromJson(0, new JsonObject(
        "{\"name\":\"ordered\",\"type\":\"webhook\",\"settings\":{\"url\":\"http://127.0.0.1:9/\"}}"))));
    await(alerts.raise(breach("valve-1", Severity.HIGH, 4000)));
    await(alerts.clearLive("valve-1", Alert.THRESHOLD, "power_w"));
    Outbox outbox = new Outbox(pool);
    await(outbox.route(10));

    List<Delivery> first = await(outbox.claim(10, Duration.ofMinutes(1)));
    assertThat(first).extracting(d -> d.transition().event()).containsExactly(Transition.OPENED);
    await(outbox.retry(first.get(0).id(), "receiver down", Duration.ZERO));
    assertThat(await(outbox.claim(10, Duration.ofMinutes(1)))).extracting(d -> d.transition().event())
        .as("the opening failed and is due again; the clear still waits behind it").containsExactly(Transition.OPENED);
    await(outbox.sent(first.get(0).id()));
    assertThat(await(outbox.claim(10, Duration.ofMinutes(1)))).extracting(d -> d.transition().event())
        .containsExactly(Transition.CLEARED);
  }

  @Test
  void theLogForgetsOldFinishedDeliveriesButKeepsPendingOnes() throws Exception {
    await(channels.create(Channel.fromJson(0, new JsonObject(
        "{\"name\":\"log\",\"type\":\"webhook\",\"settings\":{\"url\":\"http://127.0.0.1:9/\"}}"))));
    Alert done = await(alerts.raise(breach("old-1", Severity.HIGH, 4000)));
    Alert waiting = await(alerts.raise(breach("old-2", Severity.HIGH, 4000)));
    Outbox outbox = new Outbox(pool);
    await(outbox.route(10));
    TestInfra.execute(pgUri, "UPDATE notification_outbox SET state = 'sent' WHERE transition_id IN "
        + "(SELECT id FROM alert_transitions WHERE alert_id = " + done.id() + ")");
    TestInfra.execute(pgUri, "UPDATE alert_transitions SET at = now() - interval '31 days'");

    assertThat(await(outbox.prune(30))).isEqualTo(1);
    assertThat(transitionsOf(done.id())).isEmpty();
    assertThat(transitionsOf(waiting.id())).containsExactly("opened:high");
    assertThat(count("SELECT count(*) FROM notification_outbox")).isEqualTo(1);
  }

  @Test
  void aChannelWhoseStoredSettingsNoLongerValidateFailsItsDeliveriesInsteadOfStoppingTheOthers() throws Exception {
    Channel good = await(channels.create(Channel.fromJson(0, new JsonObject(
        "{\"name\":\"good\",\"type\":\"webhook\",\"settings\":{\"url\":\"http://127.0.0.1:9/\"}}"))));
    Channel bad = await(channels.create(Channel.fromJson(0, new JsonObject(
        "{\"name\":\"bad\",\"type\":\"webhook\",\"settings\":{\"url\":\"http://127.0.0.1:9/\"}}"))));
    await(alerts.raise(breach("mixed-1", Severity.HIGH, 4000)));
    Outbox outbox = new Outbox(pool);
    await(outbox.route(10));
    TestInfra.execute(pgUri, "UPDATE notification_channels SET spec = jsonb_set(spec, '{settings,url}', '\"ftp://x/\"') "
        + "WHERE id = " + bad.id());

    List<Delivery> claimed = await(outbox.claim(10, Duration.ofMinutes(1)));
    assertThat(claimed).extracting(d -> d.channel().id()).containsExactly(good.id());
    assertThat(count("SELECT count(*) FROM notification_outbox WHERE state = 'failed' AND channel_id = " + bad.id()))
        .isEqualTo(1);
    assertThat(await(channels.list())).extracting(Channel::id).containsExactly(good.id());
  }

  private static long count(String sql) throws Exception {
    return Long.parseLong(TestInfra.queryString(pgUri, sql));
  }
}
