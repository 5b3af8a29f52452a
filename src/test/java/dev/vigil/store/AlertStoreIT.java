package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.Alert;
import dev.vigil.alert.NewAlert;
import dev.vigil.alert.Severity;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertStoreIT {

  private static Vertx vertx;
  private static String pgUri;
  private static AlertStore alerts;

  @BeforeAll
  static void start() {
    pgUri = TestInfra.freshDatabase();
    vertx = Vertx.vertx();
    Pool pool = PgPools.create(vertx, pgUri, 4);
    alerts = new AlertStore(pool);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void emptyTable() {
    TestInfra.execute(pgUri, "DELETE FROM alerts");
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static NewAlert breach(String device, Severity severity, double value) {
    return new NewAlert(device, Alert.THRESHOLD, "power_w", null, severity, "power_w > 3000 (" + value + ")", value,
        3000.0, null, null);
  }

  @Test
  void repeatsTheLiveAlertInsteadOfOpeningASecond() throws Exception {
    Alert first = await(alerts.raise(breach("kitchen-1", Severity.MEDIUM, 5400)));
    Alert second = await(alerts.raise(breach("kitchen-1", Severity.HIGH, 5600)));
    Alert third = await(alerts.raise(breach("kitchen-1", Severity.LOW, 5700)));
    assertThat(third.id()).isEqualTo(first.id()).isEqualTo(second.id());
    assertThat(third.occurrences()).isEqualTo(3);
    assertThat(third.severity()).isEqualTo("high");
    assertThat(third.value()).isEqualTo(5700);
    assertThat(third.state()).isEqualTo(Alert.OPEN);
    assertThat(third.updatedAt()).isAfterOrEqualTo(first.openedAt());
  }

  @Test
  void concurrentRaisesOfOneDeviceAndMetricKeepOneLiveAlert() throws Exception {
    List<Future<Alert>> raises = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      raises.add(alerts.raise(breach("kitchen-2", Severity.MEDIUM, 4000 + i)));
    }
    await(Future.all(raises));
    JsonObject page = await(alerts.list(new AlertFilter(null, null, "kitchen-2", null, null, 10, 0)));
    assertThat(page.getLong("total")).isEqualTo(1);
    assertThat(page.getJsonArray("items").getJsonObject(0).getInteger("occurrences")).isEqualTo(20);
  }

  @Test
  void opensANewAlertOnceTheLiveOneIsCleared() throws Exception {
    Alert first = await(alerts.raise(breach("kitchen-3", Severity.MEDIUM, 5400)));
    Alert cleared = await(alerts.clearLive("kitchen-3", Alert.THRESHOLD, "power_w")).orElseThrow();
    assertThat(cleared.id()).isEqualTo(first.id());
    assertThat(cleared.state()).isEqualTo(Alert.CLEARED);
    assertThat(cleared.clearedAt()).isNotNull();
    assertThat(await(alerts.clearLive("kitchen-3", Alert.THRESHOLD, "power_w"))).isEmpty();
    Alert next = await(alerts.raise(breach("kitchen-3", Severity.MEDIUM, 5500)));
    assertThat(next.id()).isNotEqualTo(first.id());
    assertThat(next.occurrences()).isEqualTo(1);
  }

  @Test
  void acksThenClearsAndBothAreIdempotent() throws Exception {
    Alert raised = await(alerts.raise(breach("kitchen-4", Severity.HIGH, 5400)));
    Alert acked = await(alerts.ack(raised.id())).orElseThrow();
    assertThat(acked.state()).isEqualTo(Alert.ACKED);
    assertThat(acked.ackedAt()).isNotNull();
    assertThat(await(alerts.ack(raised.id()))).contains(acked);

    Alert repeated = await(alerts.raise(breach("kitchen-4", Severity.HIGH, 5500)));
    assertThat(repeated.id()).isEqualTo(raised.id());
    assertThat(repeated.state()).isEqualTo(Alert.ACKED);

    Alert cleared = await(alerts.clear(raised.id())).orElseThrow();
    assertThat(cleared.state()).isEqualTo(Alert.CLEARED);
    assertThat(await(alerts.clear(raised.id()))).contains(cleared);
    assertThat(await(alerts.ack(raised.id()))).contains(cleared);
    assertThat(await(alerts.ack(987654))).isEmpty();
    assertThat(await(alerts.clear(987654))).isEmpty();
    assertThat(await(alerts.get(987654))).isEmpty();
  }

  @Test
  void keepsTheExplanationOfAnAnomaly() throws Exception {
    JsonArray explanation = new JsonArray().add(new JsonObject().put("metric", "power_w").put("value", 5400.0)
        .put("expectedLow", 100.0).put("expectedHigh", 900.0).put("share", 0.9));
    Alert raised = await(alerts.raise(new NewAlert("pump-1", Alert.ANOMALY, "", null, Severity.CRITICAL,
        "anomalous reading", 5400.0, null, 0.9995, explanation)));
    Alert read = await(alerts.get(raised.id())).orElseThrow();
    assertThat(read.explanation()).isEqualTo(explanation);
    assertThat(read.score()).isEqualTo(0.9995);
    assertThat(read.metric()).isEmpty();
  }

  @Test
  void writesTheDocumentedJsonShape() throws Exception {
    Alert raised = await(alerts.raise(breach("kitchen-5", Severity.HIGH, 5400)));
    JsonObject json = raised.toJson();
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("id", "deviceId", "kind", "metric", "ruleId",
        "severity", "state", "message", "value", "threshold", "score", "explanation", "occurrences", "openedAt",
        "updatedAt", "ackedAt", "clearedAt", "startedAt", "lastedSeconds", "carriedBy");
    assertThat(Instant.parse(json.getString("openedAt"))).isEqualTo(raised.openedAt());
    assertThat(json.getValue("ackedAt")).isNull();
    assertThat(json.getString("kind")).isEqualTo("threshold");
  }

  @Test
  void listsWithFiltersAndPages() throws Exception {
    for (int i = 0; i < 5; i++) {
      await(alerts.raise(breach("dev-" + i, i < 2 ? Severity.CRITICAL : Severity.LOW, 5000)));
    }
    Alert acked = await(alerts.raise(breach("dev-9", Severity.LOW, 5000)));
    await(alerts.ack(acked.id()));

    JsonObject critical = await(alerts.list(new AlertFilter("critical", null, null, null, null, 10, 0)));
    assertThat(critical.getLong("total")).isEqualTo(2);
    JsonObject page = await(alerts.list(new AlertFilter(null, "open", null, null, null, 2, 2)));
    assertThat(page.getLong("total")).isEqualTo(5);
    assertThat(page.getJsonArray("items")).hasSize(2);
    assertThat(page.getInteger("limit")).isEqualTo(2);
    assertThat(page.getInteger("offset")).isEqualTo(2);
    Instant now = Instant.now();
    JsonObject future = await(alerts.list(new AlertFilter(null, null, null, now.plus(1, ChronoUnit.HOURS), null,
        10, 0)));
    assertThat(future.getLong("total")).isZero();
    JsonObject window = await(alerts.list(new AlertFilter(null, null, "dev-9", now.minus(1, ChronoUnit.HOURS),
        now.plus(1, ChronoUnit.HOURS), 10, 0)));
    assertThat(window.getJsonArray("items").getJsonObject(0).getString("state")).isEqualTo("acked");
  }

  @Test
  void countsOpenAlertsPerSeverity() throws Exception {
    await(alerts.raise(breach("a", Severity.CRITICAL, 1)));
    await(alerts.raise(breach("b", Severity.CRITICAL, 1)));
    Alert acked = await(alerts.raise(breach("c", Severity.HIGH, 1)));
    await(alerts.ack(acked.id()));
    assertThat(await(alerts.countOpenBySeverity())).isEqualTo(
        new JsonObject().put("low", 0L).put("medium", 0L).put("high", 0L).put("critical", 2L));
  }
}
