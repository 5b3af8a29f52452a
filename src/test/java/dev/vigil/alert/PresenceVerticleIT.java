package dev.vigil.alert;

import static dev.vigil.alert.ItSupport.await;
import static dev.vigil.alert.ItSupport.next;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.store.PgPools;
import dev.vigil.store.StoredReadings;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Presence against real PostgreSQL and the real broker: status topic, silence, and a device returning. */
class PresenceVerticleIT {

  private static final long OFFLINE_AFTER_S = 4;
  private static Vertx vertx;
  private static Pool pool;
  private static String pgUri;
  private static final BlockingQueue<JsonObject> alerts = new LinkedBlockingQueue<>();
  private static final BlockingQueue<JsonObject> statuses = new LinkedBlockingQueue<>();

  @BeforeAll
  static void deploy() throws Exception {
    vertx = Vertx.vertx();
    pgUri = TestInfra.freshDatabase();
    pool = PgPools.create(vertx, pgUri, 4);
    LocalRecordCodec.register(vertx, StoredReadings.class);
    vertx.eventBus().<JsonObject>consumer(Addresses.ALERTS, m -> alerts.add(m.body()));
    vertx.eventBus().<JsonObject>consumer(Addresses.DEVICE_STATUS, m -> statuses.add(m.body()));
    await(vertx.deployVerticle(new PresenceVerticle(ItSupport.config("", OFFLINE_AFTER_S), pool)));
  }

  @AfterAll
  static void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A device the readings store knows; lastSeenOffset is added to now() (e.g. '-1 hour'). */
  private static String device(String prefix, String lastSeenOffset) {
    String id = ItSupport.uniqueDevice(prefix);
    TestInfra.execute(pgUri, "INSERT INTO devices (id, last_seen) VALUES ('" + id + "', now() + interval '"
        + lastSeenOffset + "')");
    return id;
  }

  private static JsonObject alert(String device, String state) throws InterruptedException {
    return next(alerts, a -> device.equals(a.getString("deviceId")) && "offline".equals(a.getString("kind"))
        && state.equals(a.getString("state")));
  }

  private static JsonObject status(String device, String status) throws InterruptedException {
    return next(statuses, s -> device.equals(s.getString("deviceId")) && status.equals(s.getString("status")));
  }

  private static String storedStatus(String device) throws Exception {
    return await(pool.preparedQuery("SELECT status FROM devices WHERE id = $1").execute(Tuple.of(device)))
        .iterator().next().getString("status");
  }

  @Test
  void anOfflineStatusMessageRaisesAnOfflineAlertThatClearsWhenTheDeviceSaysOnline() throws Exception {
    // heard from "in the future" so that the silence check leaves it alone during this test
    String device = device("pi", "1 hour");
    ItSupport.publish(vertx, "devices/" + device + "/status", "offline", false);
    JsonObject opened = alert(device, "open");
    assertThat(opened.getString("message")).isEqualTo("Device " + device + " reported offline");
    assertThat(status(device, "offline").getString("at")).isNotBlank();
    assertThat(storedStatus(device)).isEqualTo("offline");

    ItSupport.publish(vertx, "devices/" + device + "/status", "online", false);
    assertThat(alert(device, "cleared").getLong("id")).isEqualTo(opened.getLong("id"));
    status(device, "online");
    assertThat(storedStatus(device)).isEqualTo("online");
  }

  @Test
  void silenceRaisesAnOfflineAlertThatClearsWhenAReadingArrives() throws Exception {
    String device = device("esp", "-1 hour");
    JsonObject opened = alert(device, "open");
    assertThat(opened.getString("message")).isEqualTo("No reading from " + device + " for more than 4 s");
    status(device, "offline");

    vertx.eventBus().publish(Addresses.READINGS_STORED, StoredReadings.of(ItSupport.warmingUp(device, "temperature", 21)));
    assertThat(alert(device, "cleared").getLong("id")).isEqualTo(opened.getLong("id"));
    status(device, "online");
  }

  @Test
  void anOfflineAlertClearsWhenTheReadingsStoreSetsTheDeviceOnline() throws Exception {
    String device = device("meter", "-1 hour");
    JsonObject opened = alert(device, "open");
    TestInfra.execute(pgUri, "UPDATE devices SET status = 'online', last_seen = now() + interval '1 hour' "
        + "WHERE id = '" + device + "'");
    assertThat(alert(device, "cleared").getLong("id")).isEqualTo(opened.getLong("id"));
  }
}
