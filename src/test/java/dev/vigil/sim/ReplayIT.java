package dev.vigil.sim;

import static dev.vigil.sim.BrokerForTests.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplayIT {

  private static final Path NAB_SLICE = Path.of("src/test/resources/nab/machine_temperature_first200.csv");

  private final Vertx vertx = Vertx.vertx();
  private final BrokerAddress broker = BrokerForTests.address();

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().await(20, TimeUnit.SECONDS);
  }

  @Test
  void everyRowOfANabFileArrivesOnceWithItsOriginalTimestamp() throws Exception {
    String device = BrokerForTests.uniquePrefix() + "nab";
    Map<Long, JsonObject> received = new ConcurrentHashMap<>();
    MqttClient observer = BrokerForTests.observer(vertx, broker);
    observer.publishHandler(m -> {
      JsonObject reading = m.payload().toJsonObject();
      received.put(reading.getLong("seq"), reading);
    });
    observer.subscribe("devices/" + device + "/telemetry", 1).await(10, TimeUnit.SECONDS);

    ReplayPublisher publisher = new ReplayPublisher(vertx, broker, device, 20);
    publisher.connect().await(10, TimeUnit.SECONDS);
    Replay.Summary summary = Replay.run(new Replay.Source(NAB_SLICE, null, null, List.of(), ZoneOffset.UTC),
        publisher, 0, (done, sent, acked) -> { });
    publisher.close().await(10, TimeUnit.SECONDS);

    assertThat(summary.rows()).isEqualTo(200);
    assertThat(summary.rejected()).isZero();
    assertThat(summary.acknowledged()).isEqualTo(200);
    awaitCondition("200 readings at the subscriber", Duration.ofSeconds(20), () -> received.size() == 200);
    List<String> lines = Files.readAllLines(NAB_SLICE, StandardCharsets.UTF_8);
    DateTimeFormatter nab = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    for (int row = 1; row <= 200; row++) {
      String[] fields = lines.get(row).split(",");
      JsonObject reading = received.get((long) row);
      assertThat(Instant.parse(reading.getString("ts")))
          .isEqualTo(LocalDateTime.parse(fields[0], nab).toInstant(ZoneOffset.UTC));
      assertThat(reading.getJsonObject("metrics").getDouble("value")).isEqualTo(Double.parseDouble(fields[1]));
    }
  }
}
