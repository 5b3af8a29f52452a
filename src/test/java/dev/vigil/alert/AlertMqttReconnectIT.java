package dev.vigil.alert;

import static dev.vigil.alert.ItSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.Addresses;
import dev.vigil.testsupport.TcpRelay;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alert forwarder survives losing the broker: it reconnects by itself and delivers, at least
 * once, every alert raised meanwhile, including one it had written just before the connection died.
 * The forwarder reaches the real broker through a relay the test cuts; the subscriber that checks
 * what arrives is connected to the broker directly and never loses it.
 */
class AlertMqttReconnectIT {

  private final Vertx vertx = Vertx.vertx();
  private TcpRelay relay;
  private String device;
  private BlockingQueue<JsonObject> received;

  @BeforeEach
  void forwarderBehindACuttableLink() throws Exception {
    TestInfra.Broker broker = TestInfra.broker();
    relay = TcpRelay.to(broker.host(), broker.port());
    device = ItSupport.uniqueDevice("garage");
    received = ItSupport.subscribe(vertx, "alerts/" + device);
    AlertConfig config = new AlertConfig("", 2, 2, 300, "127.0.0.1", relay.port(), false, null, null);
    await(vertx.deployVerticle(new AlertMqttVerticle(config, null)));
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    relay.close();
  }

  @Test
  void forwardsAlertsRaisedWhileTheBrokerWasUnreachableOnceItIsBack() throws Exception {
    raise(1);
    assertThat(ItSupport.next(received, a -> a.getInteger("id") == 1)).isNotNull();

    relay.cut();
    raise(2);
    raise(3);
    relay.restore();

    assertThat(idsUntilAllOf(2, 3)).as("alert ids in arrival order").containsSubsequence(2, 3);
  }

  @Test
  void sendsAgainAnAlertTheBrokerNeverAcknowledged() throws Exception {
    relay.swallowClientBytes();
    raise(7);
    waitUntilWritten();
    relay.cut();
    relay.restore();

    assertThat(idsUntilAllOf(7)).contains(7);
  }

  private void raise(int id) {
    vertx.eventBus().publish(Addresses.ALERTS, new JsonObject().put("deviceId", device).put("id", id));
  }

  /** Ids of the alerts that arrive, in order, until every wanted one came (at least once). */
  private List<Integer> idsUntilAllOf(Integer... wanted) throws InterruptedException {
    List<Integer> ids = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ItSupport.WAIT_SECONDS);
    while (!ids.containsAll(List.of(wanted)) && System.nanoTime() < deadline) {
      JsonObject alert = received.poll(200, TimeUnit.MILLISECONDS);
      if (alert != null) {
        ids.add(alert.getInteger("id"));
      }
    }
    assertThat(ids).as("alerts received within %d s", ItSupport.WAIT_SECONDS).contains(wanted);
    return ids;
  }

  /** The PUBLISH left the forwarder (and went nowhere): the relay has swallowed its bytes. */
  private void waitUntilWritten() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ItSupport.WAIT_SECONDS);
    while (relay.swallowedBytes() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(relay.swallowedBytes()).as("bytes the forwarder wrote into the dead link").isPositive();
  }
}
