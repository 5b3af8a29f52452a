package dev.vigil.testsupport;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TEST-ONLY MQTT clients that count, for fault tests of a broker: a publisher that records which
 * sequence numbers the broker acknowledged (PUBACK), and a subscriber with a persistent session that
 * records which it received and how often. The payload of every message is its sequence number.
 */
public final class CountingMqttClients {

  private static final long BOUND_S = 30;

  private CountingMqttClients() {
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(BOUND_S, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer from the broker within " + BOUND_S + " s", e);
    }
  }

  /** Publishes QoS 1 messages one at a time and remembers each one the broker acknowledged. */
  public static final class Publisher {
    private final MqttClient client;
    private final int port;
    private final Set<Long> acked = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Promise<Void>> awaitingAck = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public Publisher(Vertx vertx, int port, String clientId) {
      this.port = port;
      this.client = MqttClient.create(vertx, new MqttClientOptions().setClientId(clientId).setCleanSession(true));
      // The PUBACK may arrive before publish()'s own future completes: whoever comes first makes the promise.
      client.publishCompletionHandler(id -> awaitingAck.computeIfAbsent(id, k -> Promise.promise()).tryComplete());
      client.closeHandler(v -> awaitingAck.values().forEach(p -> p.tryFail("connection closed")));
    }

    public void connect() {
      await(client.connect(port, "127.0.0.1"));
    }

    /**
     * Publishes {@code from..to} on {@code topic}, each after the previous one's PUBACK; stops at the
     * first one that is not acknowledged (the broker went away) and returns how many were.
     */
    public long publish(String topic, long from, long to) {
      try {
        return publishUntilRefused(topic, from, to);
      } finally {
        stopped = true;
      }
    }

    /** Whether {@link #publish} has returned: every message it sent was acknowledged or refused. */
    public boolean stopped() {
      return stopped;
    }

    private long publishUntilRefused(String topic, long from, long to) {
      long count = 0;
      for (long seq = from; seq <= to; seq++) {
        try {
          int packetId = await(client.publish(topic, Buffer.buffer(Long.toString(seq)), MqttQoS.AT_LEAST_ONCE, false,
              false));
          Promise<Void> ack = awaitingAck.computeIfAbsent(packetId, k -> Promise.promise());
          if (!client.isConnected()) {
            ack.tryFail("connection closed");
          }
          await(ack.future());
          awaitingAck.remove(packetId);
        } catch (Exception e) { // the connection closing (a broker stopping) ends publishing; Netty reports it as a checked ClosedChannelException
          return count;
        }
        acked.add(seq);
        count++;
      }
      return count;
    }

    public Set<Long> acked() {
      return acked;
    }

    public void disconnect() {
      if (client.isConnected()) {
        await(client.disconnect());
      }
    }
  }

  /** A subscriber with a persistent session (clean session off), like Vigil's ingest. */
  public static final class Subscriber {
    private final Vertx vertx;
    private final int port;
    private final String clientId;
    private final Map<Long, AtomicLong> received = new ConcurrentHashMap<>();
    private MqttClient client;

    public Subscriber(Vertx vertx, int port, String clientId) {
      this.vertx = vertx;
      this.port = port;
      this.clientId = clientId;
    }

    /** Connects with the session kept; returns whether the broker still had it (session present). */
    public boolean connect() {
      return connect(0);
    }

    /**
     * Connects with the session kept and acknowledges each message {@code ackDelayMs} after it arrived, as
     * Vigil does once the reading is committed, so that a broker fault finds messages in flight.
     */
    public boolean connect(long ackDelayMs) {
      MqttClientOptions options = new MqttClientOptions().setClientId(clientId).setCleanSession(false);
      options.setAutoAck(ackDelayMs == 0);
      MqttClient connection = MqttClient.create(vertx, options);
      client = connection;
      connection.publishHandler(m -> {
        received.computeIfAbsent(Long.parseLong(m.payload().toString()), seq -> new AtomicLong()).incrementAndGet();
        if (ackDelayMs > 0) {
          // A message whose connection is gone by then is resent on the next one; there is nobody to tell.
          vertx.setTimer(ackDelayMs, id -> {
            if (connection.isConnected()) {
              m.ack();
            }
          });
        }
      });
      return await(client.connect(port, "127.0.0.1")).isSessionPresent();
    }

    /** Subscribes at QoS 1 and returns once the broker has confirmed it (SUBACK). */
    public void subscribe(String filter) {
      Promise<Void> subAck = Promise.promise();
      client.subscribeCompletionHandler(ack -> subAck.tryComplete());
      await(client.subscribe(filter, 1));
      await(subAck.future());
    }

    public void disconnect() {
      if (client != null && client.isConnected()) {
        await(client.disconnect());
      }
    }

    public Set<Long> distinctReceived() {
      return Set.copyOf(received.keySet());
    }

    /** Deliveries beyond the first of each message. */
    public long duplicates() {
      return received.values().stream().mapToLong(n -> n.get() - 1).sum();
    }
  }
}
