package dev.vigil.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.ClusterView;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.ingest.Reading;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lane's event-bus contract on a real Vert.x: a stand-in store consumer (the real one is the
 * store stage's) replies or fails, and the lane must reply to ingest only after the store did.
 */
@ExtendWith(VertxExtension.class)
class ScoringVerticleTest {

  private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

  private Vertx vertx;
  private final List<ScoredReading> stored = new CopyOnWriteArrayList<>();
  private volatile boolean storeUp = true;

  @BeforeEach
  void deployLane() throws Exception {
    vertx = Vertx.vertx();
    LocalRecordCodec.register(vertx, ScoredReading.class);
    LocalRecordCodec.register(vertx, Reading.class);
    vertx.eventBus().<ScoredReading>consumer(Addresses.STORE_READINGS, msg -> {
      if (storeUp) {
        stored.add(msg.body());
        msg.reply(null);
      } else {
        msg.fail(503, "database away");
      }
    });
    vertx.deployVerticle(new ScoringVerticle(new ScoringConfig(1, 20, 0.95), 0, null),
        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Future<ScoredReading> send(int i, double power) {
    return send("oven-1", i, power);
  }

  private Future<ScoredReading> send(String deviceId, int i, double power) {
    Instant ts = T0.plusSeconds(60L * i);
    Reading reading = new Reading(deviceId, ts, i, Map.of("power_w", power), ts);
    return vertx.eventBus().<ScoredReading>request(Addresses.scoreLane(0), reading).map(m -> m.body());
  }

  @Test
  void repliesWithTheScoredReadingOnceTheStoreHasIt() throws Exception {
    List<ScoredReading> replies = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      replies.add(send(i, 500 + (i % 7)).await(10, TimeUnit.SECONDS));
    }
    assertThat(stored).hasSize(300);
    assertThat(replies.get(0).warmingUp()).isTrue();
    assertThat(replies.get(299).warmingUp()).isFalse();
    assertThat(replies).allSatisfy(r -> assertThat(r.score()).isBetween(0.0, 1.0));
    assertThat(replies).extracting(r -> r.reading().seq()).isSorted();
  }

  @Test
  void failsTheReadingWhenTheStoreFailsSoIngestDoesNotAck() throws Exception {
    storeUp = false;
    Throwable failure = send(0, 500).map(r -> (Throwable) null).otherwise(err -> err).await(10, TimeUnit.SECONDS);
    assertThat(failure).isInstanceOf(ReplyException.class);
    assertThat(stored).isEmpty();
  }

  @Test
  void trainsAModelOnTheLaneAndScoresWithIt() throws Exception {
    ScoredReading last = null;
    for (int i = 0; i < 400; i++) {
      last = send(i, 500 + (i % 5)).await(10, TimeUnit.SECONDS);
    }
    assertThat(last.modelVersion()).isEqualTo(1);
  }

  @Test
  void dropsTheDetectorOfADeviceThatMovedToAnotherMemberSoItStartsAfreshIfItComesBack() throws Exception {
    ClusterView twoMembers = new ClusterView("this-node", List.of("this-node", "other-node"));
    String stays = firstDevice(twoMembers, true);
    String moves = firstDevice(twoMembers, false);
    for (int i = 0; i < 120; i++) {
      assertThat(send(stays, i, 500 + (i % 5)).await(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(send(moves, i, 500 + (i % 5)).await(10, TimeUnit.SECONDS)).isNotNull();
    }
    assertThat(send(moves, 120, 502).await(10, TimeUnit.SECONDS).warmingUp()).isFalse();

    vertx.eventBus().publish(Addresses.MEMBERS_CHANGED, twoMembers.toJson());

    boolean warmingUpAgain = false;
    for (int i = 121; i < 131 && !warmingUpAgain; i++) {
      warmingUpAgain = send(moves, i, 500 + (i % 5)).await(10, TimeUnit.SECONDS).warmingUp();
    }
    assertThat(warmingUpAgain).as("the moved device's next reading meets a new detector").isTrue();
    assertThat(send(stays, 120, 502).await(10, TimeUnit.SECONDS).warmingUp())
        .as("a device this node still owns keeps its detector").isFalse();
  }

  @Test
  void tellsTheAlertStageWhenAMetricHasLeftItsNormalRangeForGood() throws Exception {
    List<JsonObject> drift = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.DRIFT, m -> drift.add(m.body()));
    int quarterHours = 9 * 96;
    for (int i = 0; i < quarterHours + 5; i++) {
      double power = i < quarterHours ? 500 + 100 * Math.sin(2 * Math.PI * i / 96.0) : 900;
      Instant ts = T0.plus(Duration.ofMinutes(15L * i));
      vertx.eventBus().<ScoredReading>request(Addresses.scoreLane(0),
          new Reading("kiln-2", ts, i, Map.of("power_w", power), ts)).await(10, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (drift.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50); // the bus delivers the published event on the consumer's own context
    }
    assertThat(drift).isNotEmpty();
    assertThat(drift.get(0).getString("change")).isEqualTo("open");
    assertThat(drift.get(0).getString("deviceId")).isEqualTo("kiln-2");
    assertThat(drift.get(0).getString("metric")).isEqualTo("power_w");
    assertThat(drift.get(0).getString("severity")).isEqualTo("high");
    assertThat(drift.stream().filter(e -> e.getString("change").equals("open"))).hasSize(1);
  }

  private static String firstDevice(ClusterView view, boolean owned) {
    for (int i = 0; ; i++) {
      if (view.owns("dev-" + i) == owned) {
        return "dev-" + i;
      }
    }
  }
}
