package dev.vigil.infra;

import dev.vigil.config.StageConfigs;
import dev.vigil.config.VigilConfig;
import dev.vigil.sim.BrokerAddress;
import dev.vigil.alert.AlertMqttVerticle;
import dev.vigil.alert.AlertVerticle;
import dev.vigil.alert.DeviceMetaVerticle;
import dev.vigil.alert.PresenceVerticle;
import dev.vigil.notify.NotifyVerticle;
import dev.vigil.bus.Addresses;
import dev.vigil.bus.ClusterView;
import dev.vigil.bus.LocalRecordCodec;
import dev.vigil.forecast.ForecastJob;
import dev.vigil.report.ReportJob;
import dev.vigil.ingest.DeadLetter;
import dev.vigil.ingest.IngestVerticle;
import dev.vigil.ingest.Reading;
import dev.vigil.scoring.DeviceBudget;
import dev.vigil.scoring.ScoredReading;
import dev.vigil.scoring.ScoringVerticle;
import dev.vigil.store.Migrations;
import dev.vigil.store.PgPools;
import dev.vigil.store.RetentionJob;
import dev.vigil.store.RollupJob;
import dev.vigil.store.StoreVerticle;
import dev.vigil.web.WebVerticle;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Vigil instance: its infrastructure, its Vert.x, and one verticle per stage, deployed
 * downstream first so that nothing is consumed before the stage after it is listening.
 */
public final class VigilRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VigilRuntime.class);

  /** How often the view of the cluster is rebuilt even without a membership event (a safety net). */
  private static final long CLUSTER_REFRESH_MS = 5_000;

  private final Infrastructure infrastructure;
  private final Vertx vertx;
  private final StageConfigs stages;
  private final OwnershipClusterManager cluster;
  /** Deployment ids in deployment order (downstream first); stopped in reverse, ingest first. */
  private final List<String> deployments = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Pool pool;
  private WebVerticle web;

  private VigilRuntime(Infrastructure infrastructure, Vertx vertx, StageConfigs stages,
      OwnershipClusterManager cluster) {
    this.infrastructure = infrastructure;
    this.vertx = vertx;
    this.stages = stages;
    this.cluster = cluster;
  }

  /** Starts everything; blocks the calling (non-Vert.x) thread until the instance serves or fails. */
  public static VigilRuntime start(VigilConfig config) throws Exception {
    Infrastructure infra = Infrastructure.start(config);
    try {
      Migrations.migrate(infra.pgUri());
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      OwnershipClusterManager cluster = config.cluster()
          ? new OwnershipClusterManager(HazelcastSettings.of(config)) : null;
      Vertx vertx = blockOn(buildVertx(config, registry, cluster));
      StageConfigs stages = StageConfigs.of(config, infra.broker(), infra.pgUri());
      VigilRuntime runtime = new VigilRuntime(infra, vertx, stages, cluster);
      try {
        runtime.watchMembers(registry);
        infra.admitOwnClients(runtime::isOwnClient);
        blockOn(runtime.deployStages(registry));
      } catch (Exception | Error e) {
        closeQuietly(vertx);
        throw e;
      }
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

  /** The first admin's one-time password when this start created that user (then print it once), else empty. */
  public Optional<String> firstAdminPassword() {
    return Optional.ofNullable(web).map(WebVerticle::firstAdminPassword);
  }

  /** This instance's view of the cluster (members, device owners); empty when it runs alone. */
  public Optional<ClusterView> clusterView() {
    return Optional.ofNullable(cluster).map(OwnershipClusterManager::get);
  }

  /**
   * Vert.x's own metrics (event bus, pools, HTTP, MQTT connections, JVM) in the /metrics registry; and a
   * blocked event loop reported with its stack from the first warning (the default waits 5 s), so that
   * the log says what blocked it.
   */
  static VertxOptions vertxOptions() {
    VertxOptions options = new VertxOptions()
        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    return options.setWarningExceptionTime(options.getMaxEventLoopExecuteTime())
        .setWarningExceptionTimeUnit(options.getMaxEventLoopExecuteTimeUnit());
  }

  private static Future<Vertx> buildVertx(VigilConfig config, PrometheusMeterRegistry registry,
      OwnershipClusterManager cluster) {
    VertxBuilder builder = Vertx.builder().with(vertxOptions()).withMetrics(new MicrometerMetricsFactory(registry));
    return cluster != null ? builder.withClusterManager(cluster).buildClustered()
        : Future.succeededFuture(builder.build());
  }

  /**
   * In a cluster: takes the first view, tells the scoring lanes about every later one (they drop the
   * devices that moved away) and counts the members for /metrics.
   */
  private void watchMembers(PrometheusMeterRegistry registry) {
    if (cluster == null) {
      return;
    }
    DeliveryOptions local = new DeliveryOptions().setLocalOnly(true);
    cluster.onChange(view -> vertx.eventBus().publish(Addresses.MEMBERS_CHANGED, view.toJson(), local));
    cluster.refresh();
    vertx.setPeriodic(CLUSTER_REFRESH_MS, id -> cluster.refresh());
    Gauge.builder("vigil.cluster.members", cluster, c -> c.get().members().size())
        .description("Members of the Vert.x cluster this instance sees (devices are spread over them)")
        .register(registry);
  }

  private Future<Void> deployStages(PrometheusMeterRegistry registry) {
    LocalRecordCodec.register(vertx, Reading.class);
    LocalRecordCodec.register(vertx, ScoredReading.class);
    LocalRecordCodec.register(vertx, DeadLetter.class);
    pool = PgPools.create(vertx, stages.store().pgUri(), stages.store().poolSize());
    InfrastructureHealth health = new InfrastructureHealth(vertx, pool, infrastructure.broker());
    return deploy(new StoreVerticle(stages.store(), pool, registry))
        .compose(id -> deployScoringLanes(pool, registry))
        .compose(ids -> deploy(new AlertVerticle(stages.alert(), pool)))
        .compose(id -> deploy(new AlertMqttVerticle(stages.alert(), pool)))
        .compose(id -> deploy(new PresenceVerticle(stages.alert(), pool)))
        .compose(id -> deploy(new DeviceMetaVerticle(stages.alert(), pool)))
        .compose(id -> deploy(new NotifyVerticle(stages.notifications(), pool, registry)))
        .compose(id -> deploy(new RollupJob(pool)))
        .compose(id -> deploy(new RetentionJob(pool, stages.retention())))
        .compose(id -> stages.forecast().enabled() ? deploy(new ForecastJob(pool, stages.forecast()))
            : Future.succeededFuture(id))
        .compose(id -> deploy(new ReportJob(pool, stages.notifications(), stages.forecast().metric(), ReportJob.EVERY)))
        .compose(id -> deploy(web = new WebVerticle(stages.web(), pool, registry, health)))
        .compose(id -> deploy(new IngestVerticle(stages.ingest(), registry, cluster)))
        .onSuccess(id -> infrastructure.openToDevices())
        .onSuccess(id -> LOG.info("Vigil is up: {} scoring lanes, subscribed to {} on {}{}",
            stages.scoring().lanes(), stages.ingest().topicFilter(), infrastructure.broker().toString(),
            cluster == null ? "" : ", cluster node " + cluster.get().self()))
        .mapEmpty();
  }

  private Future<List<String>> deployScoringLanes(Pool pool, PrometheusMeterRegistry registry) {
    int maxDevices = DeviceBudget.limitFor(stages.scoring().maxDevices(), Runtime.getRuntime().maxMemory());
    new DeviceBudget(maxDevices).install(vertx, registry);
    DeploymentOptions worker = ScoringVerticle.deploymentOptions(stages.scoring().lanes());
    List<Future<String>> lanes = new ArrayList<>();
    for (int lane = 0; lane < stages.scoring().lanes(); lane++) {
      lanes.add(deploy(new ScoringVerticle(stages.scoring(), lane, pool), worker));
    }
    return Future.all(lanes).map(all -> all.list());
  }

  private Future<String> deploy(Deployable verticle) {
    return deploy(verticle, new DeploymentOptions());
  }

  /** Deploys and remembers the deployment, so that {@link #close()} can stop it in order. */
  private Future<String> deploy(Deployable verticle, DeploymentOptions options) {
    return vertx.deployVerticle(verticle, options).onSuccess(deployments::add);
  }

  /** Vigil's own MQTT clients: ingest, the alert publisher and the presence watcher. */
  private boolean isOwnClient(String clientId) {
    return clientId.equals(stages.ingest().clientId()) || clientId.startsWith(AlertMqttVerticle.CLIENT_ID_PREFIX + "-")
        || clientId.startsWith(PresenceVerticle.CLIENT_ID_PREFIX + "-")
        || clientId.startsWith(DeviceMetaVerticle.CLIENT_ID_PREFIX + "-");
  }

  /**
   * Graceful stop, in the order that loses nothing: ingest stops taking messages and waits until the
   * chain has stored and it has acknowledged every message it took (the broker keeps the rest in the
   * session); then every other stage, downstream last; then the database pool, Vert.x (leaving the
   * cluster) and the embedded broker and database. Blocking: call from a non-Vert.x thread.
   */
  @Override
  public void close() {
    infrastructure.closeToDevices(this::isOwnClient);
    try {
      blockOn(GracefulStop.undeployInReverse(vertx, deployments));
    } catch (Exception e) {
      LOG.warn("stopping the stages: {}", e.getMessage());
    }
    if (pool != null) {
      try {
        blockOn(pool.close());
      } catch (Exception e) {
        LOG.warn("closing the database pool: {}", e.getMessage());
      }
    }
    closeQuietly(vertx);
    infrastructure.close();
    LOG.info("Vigil stopped");
  }

  /** Closes Vert.x, which also leaves the cluster (the other members take over this one's devices). */
  private static void closeQuietly(Vertx vertx) {
    try {
      blockOn(vertx.close());
    } catch (Exception e) {
      LOG.warn("closing Vert.x: {}", e.getMessage());
    }
  }

  /** Waits for a Future from a thread that is not a Vert.x thread (main, shutdown hook). */
  public static <T> T blockOn(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ex ? ex : new IllegalStateException(cause);
    }
  }
}
