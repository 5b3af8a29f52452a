package dev.vigil.bench;

import dev.vigil.sim.BrokerAddress;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes QoS 1 readings from many device connections, each keeping at most a fixed window of
 * messages unacknowledged: as fast as the broker acknowledges them, or on an exact {@link RateSchedule}.
 * A paced reading carries in {@code ts} the moment it was due, so the receiving side measures latency
 * including any wait for the window (no coordinated omission). Each device runs on its own client's
 * context; the counters are shared.
 */
final class LoadGenerator {

  /** Unacknowledged messages per device when running flat out. */
  private static final int WINDOW = 8;
  /** Per device at a fixed rate: room for a slow moment before readings have to wait. */
  private static final int PACED_WINDOW = 100;

  private final Vertx vertx;
  private final BrokerAddress broker;
  private final LoadSpec spec;
  private final List<String> metricNames;
  private final List<DeviceLoad> loads = new ArrayList<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong waitedForWindow = new AtomicLong();
  private volatile boolean stopped;
  private volatile long startNanos;
  private volatile Instant startInstant;

  LoadGenerator(Vertx vertx, BrokerAddress broker, LoadSpec spec) {
    this.vertx = vertx;
    this.broker = broker;
    this.spec = spec;
    this.metricNames = spec.metricNames();
  }

  long acknowledged() {
    return acknowledged.get();
  }

  long sent() {
    return sent.get();
  }

  /** Readings that were due while their device's window was full, and so went out late. */
  long waitedForWindow() {
    return waitedForWindow.get();
  }

  /** Connects every device, then starts publishing; completes once all are connected. */
  Future<Void> start() {
    List<Future<Void>> connected = new ArrayList<>();
    for (int d = 0; d < spec.devices(); d++) {
      DeviceLoad load = new DeviceLoad(d);
      loads.add(load);
      connected.add(load.connect());
    }
    return Future.all(connected).onSuccess(all -> {
      startNanos = System.nanoTime();
      startInstant = Instant.now();
      loads.forEach(DeviceLoad::begin);
    }).mapEmpty();
  }

  /** No reading falls due any more; {@link #finished()} completes when the broker acknowledged all sent. */
  void stop() {
    stopped = true;
    loads.forEach(DeviceLoad::nudge);
  }

  /** Completes when every device is done: stopped or at its last reading, all acknowledged, disconnected. */
  Future<Void> finished() {
    return Future.all(loads.stream().map(l -> l.done.future()).toList()).mapEmpty();
  }

  /**
   * The payload the workload names, {@code {"ts","seq","metrics":{...}}}, written out directly: the
   * generator should spend as little of the machine as it can (and a cold JSON mapper blocked its event
   * loop for seconds at the start of each child JVM on a loaded machine).
   */
  Buffer payload(Instant ts, long seq) {
    double phase = seq / 50.0;
    StringBuilder json = new StringBuilder(48 + 24 * metricNames.size())
        .append("{\"ts\":\"").append(ts).append("\",\"seq\":").append(seq).append(",\"metrics\":{");
    for (int i = 0; i < metricNames.size(); i++) {
      double value = 100 * (i + 1) + 30 * Math.sin(phase + i) + (seq % 7) * 0.5;
      json.append(i == 0 ? "\"" : ",\"").append(metricNames.get(i)).append("\":").append(value);
    }
    return Buffer.buffer(json.append("}}").toString());
  }

  /** One device's connection; touched only on its client's context. */
  private final class DeviceLoad {
    private final int index;
    private final String deviceId;
    private final int window = spec.paced() ? PACED_WINDOW : WINDOW;
    private final MqttClient client;
    private final Promise<Void> done = Promise.promise();
    private final RateSchedule schedule = spec.paced() ? new RateSchedule(spec.rate(), spec.devices()) : null;
    private long madeDue;
    private long sentHere;
    private long ackedHere;
    private long timer = -1;
    private Context context;

    DeviceLoad(int index) {
      this.index = index;
      this.deviceId = spec.devicePrefix() + index;
      this.client = MqttClient.create(vertx, broker.clientOptions(deviceId).setMaxInflightQueue(window));
    }

    Future<Void> connect() {
      client.publishCompletionHandler(packetId -> onAck());
      return client.connect(broker.port(), broker.host())
          .onSuccess(ack -> context = vertx.getOrCreateContext())
          .onFailure(done::tryFail).mapEmpty();
    }

    /** Called once all devices are connected; the first reading is due at once. */
    void begin() {
      context.runOnContext(v -> {
        if (schedule == null) {
          madeDue = limit();
          pump();
          return;
        }
        long periodMs = Math.max(1, (long) (1000 * spec.devices() / spec.rate()));
        timer = vertx.setPeriodic(0, periodMs, id -> tick());
      });
    }

    void nudge() {
      if (context != null) {
        context.runOnContext(v -> finishIfDone());
      }
    }

    private long limit() {
      return spec.perDevice() > 0 ? spec.perDevice() : Long.MAX_VALUE;
    }

    private void tick() {
      if (stopped || madeDue >= limit()) {
        vertx.cancelTimer(timer);
        finishIfDone();
        return;
      }
      long due = Math.min(limit(), schedule.dueBy(index, System.nanoTime() - startNanos));
      if (due > madeDue && sentHere - ackedHere >= window) {
        waitedForWindow.addAndGet(due - madeDue);
      }
      madeDue = due;
      pump();
    }

    private void pump() {
      while (!stopped && sentHere < madeDue && sentHere - ackedHere < window) {
        Instant ts = schedule == null ? Instant.now()
            : startInstant.plusNanos(schedule.dueNanos(index, sentHere));
        long seq = spec.seqBase() + sentHere++;
        sent.incrementAndGet();
        client.publish(spec.topic(deviceId), payload(ts, seq), MqttQoS.AT_LEAST_ONCE, false, false)
            .onFailure(done::tryFail);
      }
    }

    private void onAck() {
      acknowledged.incrementAndGet();
      ackedHere++;
      pump();
      finishIfDone();
    }

    private void finishIfDone() {
      boolean noMore = stopped || (sentHere >= limit());
      if (noMore && ackedHere == sentHere && !done.future().isComplete()) {
        if (timer >= 0) {
          vertx.cancelTimer(timer);
        }
        client.disconnect().onComplete(v -> done.tryComplete());
      }
    }
  }
}
