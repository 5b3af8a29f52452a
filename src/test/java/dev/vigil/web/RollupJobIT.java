package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.RollupJob;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The deployed rollup job keeps minute buckets current, and re-running it never double counts. */
class RollupJobIT {

  @Test
  void rollsUpRecentReadingsAndStaysIdempotentAcrossRuns() {
    try (WebFixture web = WebFixture.start()) {
      web.sql("INSERT INTO devices (id) VALUES ('r-1')");
      web.sql("INSERT INTO readings (device_id, ts, seq, metrics, anomalous) SELECT 'r-1', "
          + "date_trunc('minute', now()) - interval '2 minutes' + s * interval '1 second', s, "
          + "jsonb_build_object('temperature', s), s = 5 FROM generate_series(0, 59) s");
      WebFixture.await(web.vertx.deployVerticle(new RollupJob(web.pool, Duration.ofMillis(200), Duration.ofMinutes(5))));
      // The first run happens before deployment completes; let a few periodic runs go over the same rows.
      WebFixture.await(web.vertx.timer(1000));
      JsonObject minute = web.get("/api/devices/r-1/readings?bucket=1m&from=" + java.time.Instant.now().minusSeconds(600))
          .bodyAsJsonObject().getJsonObject("series").getJsonArray("temperature").getJsonObject(0);
      assertThat(minute.getLong("count")).isEqualTo(60);
      assertThat(minute.getLong("anomalies")).isEqualTo(1);
      assertThat(minute.getDouble("min")).isEqualTo(0.0);
      assertThat(minute.getDouble("max")).isEqualTo(59.0);
      assertThat(minute.getDouble("avg")).isEqualTo(29.5);
    }
  }
}
