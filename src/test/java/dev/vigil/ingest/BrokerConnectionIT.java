package dev.vigil.ingest;

import static dev.vigil.ingest.IngestPipeline.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testsupport.CountingMqttClients;
import dev.vigil.testsupport.MosquittoProcess;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ingest acknowledges each reading when its commit completes, outside any read from the broker; through a real
 * Mosquitto, the acknowledgements of one turn of the event loop leave in one flush of the socket, and every one
 * of them reaches the broker (none is redelivered to the session afterwards).
 */
class BrokerConnectionIT {

  private static final int MESSAGES = 200;
  private static final String CLIENT_ID = "flush-subscriber";

  private MosquittoProcess broker;
  private Vertx vertx;

  @BeforeEach
  void startBroker() throws Exception {
    assumeTrue(MosquittoProcess.installed(), "needs " + MosquittoProcess.BINARY);
    broker = MosquittoProcess.start();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    if (vertx != null) {
      await(vertx.close());
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void acknowledgementsOfOneTurnLeaveInOneFlushAndAllReachTheBroker() throws Exception {
    List<MqttPublishMessage> received = new CopyOnWriteArrayList<>();
    AtomicReference<Context> clientContext = new AtomicReference<>();
    MqttClient subscriber = MqttClient.create(vertx, options(false));
    subscriber.publishHandler(m -> {
      clientContext.set(Vertx.currentContext());
      received.add(m);
    });
    await(subscriber.connect(broker.port(), "127.0.0.1"));
    assertThat(BrokerConnection.consolidateFlushes(BrokerConnection.socketOf(subscriber))).as("flushes consolidated").isTrue();
    AtomicInteger flushesOnTheWire = countFlushes(subscriber);
    subscribed(subscriber, "flush/#");

    publish("flush-publisher", "flush/readings", MESSAGES);
    awaitCondition("every message delivered", () -> received.size() == MESSAGES, 30_000);
    int before = flushesOnTheWire.get();
    await(ackAllInOneTurn(clientContext.get(), received));
    awaitCondition("the acknowledgements flushed", () -> flushesOnTheWire.get() > before, 30_000);

    assertThat(flushesOnTheWire.get() - before).as("flushes for " + MESSAGES + " acknowledgements")
        .isLessThanOrEqualTo(MESSAGES / BrokerConnection.FLUSH_AT_MOST_EVERY + 1);
    await(processedByTheBroker(subscriber));
    await(subscriber.disconnect());
    assertThat(redeliveredOnReconnect()).as("messages the broker still held unacknowledged").isZero();
  }

  @Test
  void consolidatesOnceHoweverOftenAsked() throws Exception {
    MqttClient client = MqttClient.create(vertx, options(true));
    await(client.connect(broker.port(), "127.0.0.1"));
    NetSocketInternal socket = (NetSocketInternal) BrokerConnection.socketOf(client);

    assertThat(BrokerConnection.consolidateFlushes(socket)).isTrue();
    assertThat(BrokerConnection.consolidateFlushes(socket)).isTrue();

    long handlers = socket.channelHandlerContext().pipeline().names().stream()
        .filter(BrokerConnection.CONSOLIDATION::equals).count();
    assertThat(handlers).isEqualTo(1);
    await(client.disconnect());
  }

  private MqttClientOptions options(boolean autoAck) {
    MqttClientOptions options = new MqttClientOptions().setClientId(CLIENT_ID).setCleanSession(false);
    options.setAutoAck(autoAck);
    return options;
  }

  /** Subscribes at QoS 1 and waits for the broker's SUBACK: the subscribe future completes when SUBSCRIBE is written. */
  private static void subscribed(MqttClient client, String filter) throws Exception {
    Promise<Void> acknowledged = Promise.promise();
    client.subscribeCompletionHandler(ack -> acknowledged.tryComplete());
    client.subscribe(filter, MqttQoS.AT_LEAST_ONCE.value());
    await(acknowledged.future());
  }

  /**
   * Completes when the broker answers a ping sent after everything the client wrote so far: it handles one
   * connection's packets in order, so it has read them all. Without this a new connection of the same session
   * could take it over while the broker had not yet read the old one's acknowledgements, and those are dropped.
   */
  private static Future<Void> processedByTheBroker(MqttClient client) {
    Promise<Void> answered = Promise.promise();
    client.pingResponseHandler(v -> answered.tryComplete());
    client.ping();
    return answered.future();
  }

  /** Counts the flushes that reach the socket: a handler nearest to it sees every one. */
  private static AtomicInteger countFlushes(MqttClient client) {
    AtomicInteger flushes = new AtomicInteger();
    NetSocketInternal socket = (NetSocketInternal) BrokerConnection.socketOf(client);
    socket.channelHandlerContext().pipeline().addFirst("flushCounter", new ChannelOutboundHandlerAdapter() {
      @Override
      public void flush(ChannelHandlerContext ctx) {
        flushes.incrementAndGet();
        ctx.flush();
      }
    });
    return flushes;
  }

  /** As ingest does when a batch commits: in one task of the client's event loop, outside any read. */
  private static Future<Void> ackAllInOneTurn(Context context, List<MqttPublishMessage> messages) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      messages.forEach(MqttPublishMessage::ack);
      done.complete();
    });
    return done.future();
  }

  /**
   * Publishes {@code count} messages on {@code topic} at QoS 1, each after the broker acknowledged the one before,
   * and disconnects only then: a client that closes with acknowledgements unread resets the connection, which
   * makes Mosquitto drop what it had not read yet (mosquitto#3253).
   */
  private void publish(String clientId, String topic, int count) {
    CountingMqttClients.Publisher publisher = new CountingMqttClients.Publisher(vertx, broker.port(), clientId);
    publisher.connect();
    assertThat(publisher.publish(topic, 1, count)).as("messages the broker acknowledged").isEqualTo(count);
    publisher.disconnect();
  }

  /** Reconnects the session, then publishes a marker: whatever arrives before it was still unacknowledged. */
  private int redeliveredOnReconnect() throws Exception {
    List<String> topics = new CopyOnWriteArrayList<>();
    MqttClient again = MqttClient.create(vertx, options(true));
    again.publishHandler(m -> topics.add(m.topicName()));
    await(again.connect(broker.port(), "127.0.0.1"));
    publish("flush-marker", "flush/marker", 1);
    awaitCondition("the marker delivered", () -> topics.contains("flush/marker"), 30_000);
    await(again.disconnect());
    return topics.indexOf("flush/marker");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
