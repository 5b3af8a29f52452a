package dev.vigil.app;

import dev.vigil.sim.BrokerAddress;
import dev.vigil.alert.AlertMqttVerticle;
import dev.vigil.alert.AlertVerticle;
import dev.vigil.alert.PresenceVerticle;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.ingest.DeadLetter;
import dev.vigil.ingest.IngestVerticle;
import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.scoring.ScoringVerticle;
import dev.vigil.store.Migrations;
import dev.vigil.store.PgPools;
import dev.vigil.store.RollupJob;
import dev.vigil.store.StoreVerticle;
import dev.vigil.web.WebVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Vigil instance: its infrastructure, its Vert.x, and one verticle per stage, deployed
 * downstream first so that nothing is consumed before the stage after it is listening.
 */
public final class VigilRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VigilRuntime.class);

  private final Infrastructure infrastructure;
  private final Vertx vertx;
  private final StageConfigs stages;

  private VigilRuntime(Infrastructure infrastructure, Vertx vertx, StageConfigs stages) {
    this.infrastructure = infrastructure;
    this.vertx = vertx;
    this.stages = stages;
  }

  /** Starts everything; blocks the calling (non-Vert.x) thread until the instance serves or fails. */
  public static VigilRuntime start(VigilConfig config) throws Exception {
    Infrastructure infra = Infrastructure.start(config);
    try {
      Migrations.migrate(infra.pgUri());
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Vertx vertx = blockOn(buildVertx(config, registry));
      StageConfigs stages = StageConfigs.of(config, infra.broker(), infra.pgUri());
      VigilRuntime runtime = new VigilRuntime(infra, vertx, stages);
      blockOn(runtime.deployStages(registry));
      return runtime;
    } catch (Exception | Error e) {
      infra.close();
      throw e;
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public StageConfigs stages() {
    return stages;
  }

  public BrokerAddress broker() {
    return infrastructure.broker();
  }

  public String pgUri() {
    return infrastructure.pgUri();
  }

  private static Future<Vertx> buildVertx(VigilConfig config, PrometheusMeterRegistry registry) {
    VertxOptions options = new VertxOptions()
        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    VertxBuilder builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry));
    return config.cluster() ? builder.withClusterManager(new HazelcastClusterManager()).buildClustered()
        : Future.succeededFuture(builder.build());
  }

  private Future<Void> deployStages(PrometheusMeterRegistry registry) {
    LocalRecordCodec.register(vertx, Reading.class);
    LocalRecordCodec.register(vertx, ScoredReading.class);
    LocalRecordCodec.register(vertx, DeadLetter.class);
    Pool pool = PgPools.create(vertx, stages.store().pgUri(), stages.store().poolSize());
    InfrastructureHealth health = new InfrastructureHealth(vertx, pool, infrastructure.broker());
    return vertx.deployVerticle(new StoreVerticle(stages.store(), pool, registry))
        .compose(id -> deployScoringLanes(pool))
        .compose(ids -> vertx.deployVerticle(new AlertVerticle(stages.alert(), pool)))
        .compose(id -> vertx.deployVerticle(new AlertMqttVerticle(stages.alert(), pool)))
        .compose(id -> vertx.deployVerticle(new PresenceVerticle(stages.alert(), pool)))
        .compose(id -> vertx.deployVerticle(new RollupJob(pool)))
        .compose(id -> vertx.deployVerticle(new WebVerticle(stages.web(), pool, registry, health)))
        .compose(id -> vertx.deployVerticle(new IngestVerticle(stages.ingest(), registry)))
        .onSuccess(id -> LOG.info("Vigil is up: {} scoring lanes, subscribed to {} on {}",
            stages.scoring().lanes(), stages.ingest().topicFilter(), infrastructure.broker().toString()))
        .mapEmpty();
  }

  private Future<List<String>> deployScoringLanes(Pool pool) {
    DeploymentOptions worker = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
    List<Future<String>> lanes = new ArrayList<>();
    for (int lane = 0; lane < stages.scoring().lanes(); lane++) {
      lanes.add(vertx.deployVerticle(new ScoringVerticle(stages.scoring(), lane, pool), worker));
    }
    return Future.all(lanes).map(all -> all.list());
  }

  @Override
  public void close() {
    try {
      blockOn(vertx.close());
    } catch (Exception e) {
      LOG.warn("closing Vert.x: {}", e.getMessage());
    }
    infrastructure.close();
  }

  /** Waits for a Future from a thread that is not a Vert.x thread (main, shutdown hook). */
  static <T> T blockOn(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ex ? ex : new IllegalStateException(cause);
    }
  }
}
