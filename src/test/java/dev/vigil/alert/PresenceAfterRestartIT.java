package dev.vigil.alert;

import static dev.vigil.alert.ItSupport.await;
import static dev.vigil.alert.ItSupport.next;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.Addresses;
import dev.vigil.store.PgPools;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Vigil restarting beside devices of its previous run: their last wills are still retained on the broker,
 * and they have been silent since before this run began. Only silence this run watched opens an alert.
 */
class PresenceAfterRestartIT {

  private static final long OFFLINE_AFTER_S = 4;
  private Vertx vertx;
  private Pool pool;
  private String pgUri;
  private String ghost;
  private final BlockingQueue<JsonObject> alerts = new LinkedBlockingQueue<>();

  @BeforeEach
  void previousRunLeftALastWill() throws Exception {
    vertx = Vertx.vertx();
    pgUri = TestInfra.freshDatabase();
    pool = PgPools.create(vertx, pgUri, 4);
    ghost = ItSupport.uniqueDevice("ghost");
    TestInfra.execute(pgUri, "INSERT INTO devices (id, last_seen, status) VALUES ('" + ghost
        + "', now() - interval '1 hour', 'online')");
    ItSupport.publish(vertx, "devices/" + ghost + "/status", "offline", true);
    vertx.eventBus().<JsonObject>consumer(Addresses.ALERTS, m -> alerts.add(m.body()));
  }

  @AfterEach
  void clearRetainedWill() throws Exception {
    ItSupport.publish(vertx, "devices/" + ghost + "/status", "", true);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aRetainedLastWillFromBeforeVigilWatchedOpensNoAlertButALiveOneDoes() throws Exception {
    String live = ItSupport.uniqueDevice("live");
    TestInfra.execute(pgUri, "INSERT INTO devices (id, last_seen) VALUES ('" + live + "', now() + interval '1 hour')");
    await(vertx.deployVerticle(new PresenceVerticle(ItSupport.config("", OFFLINE_AFTER_S), pool)));

    ItSupport.publish(vertx, "devices/" + live + "/status", "offline", false);
    JsonObject opened = next(alerts, a -> live.equals(a.getString("deviceId")));
    assertThat(opened.getString("message")).isEqualTo("Device " + live + " reported offline");
    // status messages are handled in arrival order, and the broker sends the retained will on subscribing
    assertThat(TestInfra.queryString(pgUri, "SELECT count(*) FROM alerts WHERE device_id = '" + ghost
        + "' AND message LIKE '%reported offline'")).isEqualTo("0");
  }

  @Test
  void aDeviceSilentSinceBeforeVigilStartedIsReportedOnlyOnceVigilHasWatchedItForTheOfflineTime() throws Exception {
    Instant watchingFrom = Instant.now();
    await(vertx.deployVerticle(new PresenceVerticle(ItSupport.config("", OFFLINE_AFTER_S), pool)));

    JsonObject opened = next(alerts, a -> ghost.equals(a.getString("deviceId")));
    assertThat(opened.getString("message")).isEqualTo("No reading from " + ghost + " for more than 4 s");
    assertThat(Instant.parse(opened.getString("openedAt")))
        .isAfterOrEqualTo(watchingFrom.plus(Duration.ofSeconds(OFFLINE_AFTER_S)));
  }
}
