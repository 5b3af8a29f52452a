package dev.vigil.alert;

import static dev.vigil.alert.ItSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.Addresses;
import dev.vigil.energy.Placement;
import dev.vigil.store.PgPools;
import dev.vigil.store.SiteStore;
import dev.vigil.store.StoredReadings;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Devices placing themselves with a retained {@code devices/{id}/meta} message through a real broker into a real
 * PostgreSQL. The pool has one connection, so the database sees the messages in the order they were published:
 * once a later "marker" message is applied, every earlier one has been handled.
 */
class DeviceMetaIT {

  private Vertx vertx;
  private Pool pool;
  private String pgUri;
  private final List<String> retained = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    pgUri = TestInfra.freshDatabase();
    pool = PgPools.create(vertx, pgUri, 1);
    await(vertx.deployVerticle(new DeviceMetaVerticle(ItSupport.config("", 60), pool)));
  }

  @AfterEach
  void clearRetained() throws Exception {
    for (String topic : retained) {
      ItSupport.publish(vertx, topic, "", true);
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private String known(String prefix) {
    String id = ItSupport.uniqueDevice(prefix);
    TestInfra.execute(pgUri, "INSERT INTO devices (id) VALUES ('" + id + "')");
    return id;
  }

  private void meta(String device, String json) throws Exception {
    String topic = "devices/" + device + "/meta";
    retained.add(topic);
    ItSupport.publish(vertx, topic, json, true);
  }

  private String placement(String device) throws Exception {
    return TestInfra.queryString(pgUri, "SELECT coalesce(site, '-') || ' ' || array_to_string(tags, ',') || ' ' || energy_role"
        + " || ' ' || coalesce(placed_by, '-') FROM devices WHERE id = '" + device + "'");
  }

  private void awaitPlacement(String device, String expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!expected.equals(placement(device))) {
      assertThat(System.nanoTime()).as("placement of " + device + " never became " + expected).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** Publishes a valid meta for a fresh device and waits until it is applied: every earlier message was handled. */
  private void marker() throws Exception {
    String marker = known("marker");
    meta(marker, "{\"site\":\"m\"}");
    awaitPlacement(marker, "m  consumer device");
  }

  @Test
  void aDevicesRetainedMetaSetsItsSiteTagsAndEnergyRole() throws Exception {
    String inverter = known("inverter");
    meta(inverter, "{\"site\":\"roof\",\"tags\":[\"kind:pv\",\"floor:9\"],\"energyRole\":\"producer\"}");
    awaitPlacement(inverter, "roof kind:pv,floor:9 producer device");
  }

  @Test
  void aMetaForADeviceNotSeenYetWaitsForItsFirstReading() throws Exception {
    String newcomer = ItSupport.uniqueDevice("newcomer");
    meta(newcomer, "{\"site\":\"annex\"}");
    marker();
    TestInfra.execute(pgUri, "INSERT INTO devices (id) VALUES ('" + newcomer + "')");
    assertThat(placement(newcomer)).isEqualTo("-  consumer -");
    vertx.eventBus().publish(Addresses.READINGS_STORED, StoredReadings.of(ItSupport.warmingUp(newcomer, "power_w", 100)));
    awaitPlacement(newcomer, "annex  consumer device");
  }

  @Test
  void aPersonsPlacementIsNeverOverriddenByTheDevice() throws Exception {
    String pump = known("pump");
    await(new SiteStore(pool).place(pump, new Placement("plant", List.of("kind:hvac"), "consumer")));
    meta(pump, "{\"site\":\"elsewhere\"}");
    marker();
    assertThat(placement(pump)).isEqualTo("plant kind:hvac consumer user");
  }

  @Test
  void anInvalidMetaIsIgnored() throws Exception {
    String lamp = known("lamp");
    meta(lamp, "{\"site\":\"ok\",\"tags\":[\"<script>\"]}");
    marker();
    assertThat(placement(lamp)).isEqualTo("-  consumer -");
  }
}
