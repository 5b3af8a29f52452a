package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The PostgreSQL-alone contender's rows stay out of the minutes Vigil's phases store into. */
class PostgresAloneIT {

  @Test
  void writesItsRowsDaysAheadSoThatVigilsRollupPassesNeverAggregateThem() throws Exception {
    String db = TestInfra.freshDatabase();
    Instant now = Instant.now();
    for (Instant month : List.of(now, now.plus(PostgresAlone.AHEAD))) {
      TestInfra.execute(db, "SELECT vigil_ensure_month_partition('" + month + "')");
    }
    BenchSettings settings = new BenchSettings(3, 3, 0, Duration.ZERO, Duration.ofMillis(500), 1, 0, 0, false, 50,
        false, 0);
    Vertx vertx = Vertx.vertx();
    try {
      PhaseResult result = new PostgresAlone(vertx, db, settings, List.of()).run(0);
      assertThat(result.throughput()).isPositive();
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    assertThat(TestInfra.queryString(db, "SELECT count(*) FROM readings WHERE device_id LIKE 'pg-bench-%'"
        + " AND ts < now() + interval '1 day'")).isEqualTo("0");
    assertThat(Long.parseLong(TestInfra.queryString(db, "SELECT count(*) FROM readings"))).isPositive();
  }
}
