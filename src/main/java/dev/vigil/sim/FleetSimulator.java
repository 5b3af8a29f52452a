package dev.vigil.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet of simulated devices publishing to any MQTT broker, knowing only the wire contract.
 * Devices are spread over a few verticles (one event loop each); every device has its own MQTT
 * connection. Start it inside a server ({@code vigil serve --simulate N}) or from the CLI ({@code
 * vigil simulate}):
 *
 * <pre>{@code
 * FleetSimulator fleet = new FleetSimulator(vertx, SimulatorOptions.of(broker, 20));
 * fleet.start();   // ... fleet.stop();
 * }</pre>
 */
public final class FleetSimulator {

  private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);

  private final Vertx vertx;
  private final SimulatorOptions options;
  private final FleetStats stats = new FleetStats();
  private final Promise<Void> finished = Promise.promise();
  private final List<String> deploymentIds = new ArrayList<>();
  private LabelWriter labels;
  private List<String> deviceIds = List.of();
  private Future<Void> stopping;
  private long durationTimer = -1;

  public FleetSimulator(Vertx vertx, SimulatorOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  /** Loads the scenario (failing on a bad one), opens the label file and starts every device. */
  public Future<Void> start() {
    Scenario scenario;
    try {
      scenario = Scenario.load(options.scenario());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    labels = new LabelWriter(vertx, options.labels());
    return labels.open().compose(v -> deployShards(scenario)).onSuccess(v -> {
      LOG.info("Simulating {} devices of scenario '{}' at {} readings/s each against {}", options.devices(),
          scenario.name(), options.rate(), options.broker());
      if (options.duration() != null) {
        durationTimer = vertx.setTimer(options.duration().toMillis(), id -> stop());
      }
    });
  }

  /** Stops every device (each says "offline"), closes the label file; idempotent. */
  public synchronized Future<Void> stop() {
    if (stopping == null) {
      vertx.cancelTimer(durationTimer);
      List<Future<Void>> undeployed = new ArrayList<>();
      deploymentIds.forEach(id -> undeployed.add(vertx.undeploy(id)));
      stopping = Future.join(undeployed).otherwiseEmpty()
          .compose(v -> labels == null ? Future.<Void>succeededFuture() : labels.close())
          .onComplete(done -> finished.tryComplete());
    }
    return stopping;
  }

  /** Completes when the fleet has stopped: after its duration, or after {@link #stop()}. */
  public Future<Void> finished() {
    return finished.future();
  }

  public FleetStats stats() {
    return stats;
  }

  /** The ids of the simulated devices (known once started). */
  public List<String> deviceIds() {
    return deviceIds;
  }

  private Future<Void> deployShards(Scenario scenario) {
    List<DeviceKind> kinds = scenario.deal(options.devices());
    int shards = Math.min(options.devices(), Math.max(1, Runtime.getRuntime().availableProcessors()));
    List<List<SignalGenerator>> generators = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      generators.add(new ArrayList<>());
    }
    List<String> ids = new ArrayList<>();
    Random stagger = new Random(options.seed());
    for (int i = 0; i < options.devices(); i++) {
      DeviceKind kind = kinds.get(i);
      String id = options.idPrefix() + String.format("%s-%03d", kind.idPrefix(), i + 1);
      ids.add(id);
      generators.get(i % shards).add(new SignalGenerator(id, kind, scenario, options.seed() * 1_000_003L + i,
          this::onLabel));
    }
    deviceIds = List.copyOf(ids);
    Instant now = Instant.now();
    List<Future<String>> deployed = new ArrayList<>();
    for (List<SignalGenerator> shard : generators) {
      Instant first = now.plusMillis(stagger.nextInt((int) Math.max(1, Math.min(1000, 1000 / options.rate()))));
      deployed.add(vertx.deployVerticle(new Shard(shard, first)).onSuccess(this::remember));
    }
    return Future.all(deployed).mapEmpty();
  }

  private synchronized void remember(String deploymentId) {
    deploymentIds.add(deploymentId);
  }

  private void onLabel(AnomalyLabel label) {
    stats.labels.increment();
    LOG.debug("Injected {} on {} {} from {} to {}", label.kind().label(), label.deviceId(), label.metric(),
        label.start(), label.end());
    labels.write(label);
  }

  /** Some of the fleet's devices on one event loop. */
  private final class Shard extends VerticleBase {
    private final List<SignalGenerator> generators;
    private final Instant first;
    private final List<SimulatedDevice> devices = new ArrayList<>();

    Shard(List<SignalGenerator> generators, Instant first) {
      this.generators = generators;
      this.first = first;
    }

    @Override
    public Future<?> start() {
      for (SignalGenerator generator : generators) {
        SimulatedDevice device = new SimulatedDevice(vertx, options.broker(), generator, options.rate(), stats,
            options.maxBufferedPerDevice());
        devices.add(device);
        device.start(first);
      }
      return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
      return Future.join(devices.stream().map(SimulatedDevice::stop).toList());
    }
  }
}
