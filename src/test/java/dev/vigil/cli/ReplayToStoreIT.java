package dev.vigil.cli;

import dev.vigil.infra.VigilRuntime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.sim.BrokerAddress;
import dev.vigil.sim.Replay;
import dev.vigil.sim.ReplayPublisher;
import dev.vigil.testsupport.TestInfra;
import dev.vigil.testsupport.TestVigil;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A NAB file replayed through the real broker lands in PostgreSQL row for row, with its original timestamps. */
class ReplayToStoreIT {

  private static final Path NAB_SLICE = Path.of("src/test/resources/nab/machine_temperature_first200.csv");
  private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @Test
  void replayedNabFileLandsEveryRowWithItsOriginalTimestamp() throws Exception {
    String pgUri = TestInfra.freshDatabase();
    String device = "nab-" + UUID.randomUUID().toString().substring(0, 8);
    Vertx vertx = Vertx.vertx();
    try (VigilRuntime vigil = TestVigil.start(pgUri, TestInfra.freePort(), Map.of())) {
      ReplayPublisher publisher = new ReplayPublisher(vertx, BrokerAddress.parse(TestInfra.broker().url()), device, 20);
      publisher.connect().await(10, TimeUnit.SECONDS);
      Replay.Summary summary = Replay.run(new Replay.Source(NAB_SLICE, null, null, List.of(), ZoneOffset.UTC),
          publisher, 0, (lines, sent, acked) -> { });
      publisher.close().await(10, TimeUnit.SECONDS);
      assertThat(summary.acknowledged()).isEqualTo(200);

      Pool db = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(pgUri)).using(vertx).build();
      Set<String> stored = awaitRows(db, device, 200).stream()
          .map(row -> row.getOffsetDateTime("ts").withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().toString())
          .collect(Collectors.toSet());
      assertThat(stored).isEqualTo(csvTimestamps());
      db.close().await();
    } finally {
      vertx.close().await();
    }
  }

  private static Set<String> csvTimestamps() throws Exception {
    return Files.readAllLines(NAB_SLICE).stream().skip(1).filter(l -> !l.isBlank())
        .map(l -> LocalDateTime.parse(l.split(",")[0], NAB_TIME).toString())
        .collect(Collectors.toSet());
  }

  private static List<Row> awaitRows(Pool db, String device, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<Row> rows = List.of();
    while (System.nanoTime() < deadline) {
      rows = db.preparedQuery("SELECT ts FROM readings WHERE device_id = $1").execute(Tuple.of(device)).await()
          .stream().toList();
      if (rows.size() >= expected) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(rows).hasSize(expected);
    return rows;
  }
}
