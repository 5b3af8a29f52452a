package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PresenceStoreIT {

  private static Vertx vertx;
  private static String pgUri;
  private static PresenceStore presence;

  @BeforeAll
  static void start() {
    pgUri = TestInfra.freshDatabase();
    vertx = Vertx.vertx();
    presence = new PresenceStore(PgPools.create(vertx, pgUri, 2));
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void reportsAStatusChangeOnlyOnce() throws Exception {
    TestInfra.execute(pgUri, "INSERT INTO devices (id) VALUES ('p-1')");
    assertThat(await(presence.setStatus("p-1", "offline"))).hasValueSatisfying(c -> {
      assertThat(c.deviceId()).isEqualTo("p-1");
      assertThat(c.status()).isEqualTo("offline");
    });
    assertThat(await(presence.setStatus("p-1", "offline"))).isEmpty();
    assertThat(await(presence.offlineDevices())).contains("p-1");
    assertThat(await(presence.markOnline("p-1", Instant.now()))).isPresent();
    assertThat(await(presence.markOnline("p-1", Instant.now()))).isEmpty();
  }

  @Test
  void ignoresAnUnknownDevice() throws Exception {
    assertThat(await(presence.setStatus("nobody", "offline"))).isEmpty();
  }

  @Test
  void marksOnlySilentOnlineDevicesOffline() throws Exception {
    TestInfra.execute(pgUri, "INSERT INTO devices (id, last_seen) VALUES ('s-old', now() - interval '10 minutes'), "
        + "('s-new', now())");
    assertThat(await(presence.markSilentOffline(300))).extracting(PresenceStore.StatusChange::deviceId)
        .containsExactly("s-old");
    assertThat(await(presence.markSilentOffline(300))).isEmpty();
  }
}
