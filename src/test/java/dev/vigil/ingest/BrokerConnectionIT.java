package dev.vigil.ingest;

import static dev.vigil.ingest.IngestPipeline.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testsupport.MosquittoProcess;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
    await(subscriber.subscribe("flush/#", MqttQoS.AT_LEAST_ONCE.value()));

    publish(MESSAGES);
    awaitCondition("every message delivered", () -> received.size() == MESSAGES, 30_000);
    int before = flushesOnTheWire.get();
    await(ackAllInOneTurn(clientContext.get(), received));
    awaitCondition("the acknowledgements flushed", () -> flushesOnTheWire.get() > before, 30_000);

    assertThat(flushesOnTheWire.get() - before).as("flushes for " + MESSAGES + " acknowledgements")
        .isLessThanOrEqualTo(MESSAGES / BrokerConnection.FLUSH_AT_MOST_EVERY + 1);
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

  private void publish(int count) throws Exception {
    MqttClient publisher = MqttClient.create(vertx,
        new MqttClientOptions().setClientId("flush-publisher").setMaxInflightQueue(count));
    await(publisher.connect(broker.port(), "127.0.0.1"));
    for (int i = 0; i < count; i++) {
      await(publisher.publish("flush/" + i, Buffer.buffer("m" + i), MqttQoS.AT_LEAST_ONCE, false, false));
    }
    await(publisher.disconnect());
  }

  /** Reconnects the session, then publishes a marker: whatever arrives before it was still unacknowledged. */
  private int redeliveredOnReconnect() throws Exception {
    List<String> topics = new CopyOnWriteArrayList<>();
    MqttClient again = MqttClient.create(vertx, options(true));
    again.publishHandler(m -> topics.add(m.topicName()));
    await(again.connect(broker.port(), "127.0.0.1"));
    MqttClient marker = MqttClient.create(vertx, new MqttClientOptions().setClientId("flush-marker"));
    await(marker.connect(broker.port(), "127.0.0.1"));
    await(marker.publish("flush/marker", Buffer.buffer("end"), MqttQoS.AT_LEAST_ONCE, false, false));
    awaitCondition("the marker delivered", () -> topics.contains("flush/marker"), 30_000);
    await(marker.disconnect());
    await(again.disconnect());
    return topics.indexOf("flush/marker");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
