package dev.vigil.forecast;

import dev.vigil.store.JobLease;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code forecasts} current: every {@link ForecastConfig#every}, for each device reporting the
 * consumption metric, the 24 hours after its latest hour of rollups. A device's model is trained once a
 * day (its latest day) on a worker thread of its own, never on an event loop; between trainings the
 * same model forecasts from the newest hours. One instance of a cluster does the work ({@link JobLease}).
 */
public final class ForecastJob extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ForecastJob.class);
  static final String LEASE = "forecast";
  /** Models kept between rounds; a device past it is trained again on its next round. */
  static final int MAX_MODELS = 2_000;
  /** Forecast rows kept, the past ones being what actual consumption is compared with. */
  static final int KEEP_DAYS = 400;

  private final ForecastConfig config;
  private final Duration firstDelay;
  private final ForecastQueries queries;
  private final JobLease lease;
  private final Map<String, NextDayForecast.Trained> models = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, NextDayForecast.Trained> eldest) {
      return size() > MAX_MODELS;
    }
  };
  /** The latest hour each device's stored forecast started from: an unchanged one is not forecast again. */
  private final Map<String, Instant> forecastFrom = new HashMap<>();
  private WorkerExecutor worker;
  private long timer = -1;
  private boolean running;

  public ForecastJob(Pool pool, ForecastConfig config, Duration firstDelay) {
    this.config = config;
    this.firstDelay = firstDelay;
    this.queries = new ForecastQueries(pool);
    this.lease = new JobLease(pool, LEASE);
  }

  /** First round a minute after start, so that start-up is not slowed by training. */
  public ForecastJob(Pool pool, ForecastConfig config) {
    this(pool, config, Duration.ofMinutes(1));
  }

  @Override
  public Future<?> start() {
    worker = vertx.createSharedWorkerExecutor("vigil-forecast", 1, 30, java.util.concurrent.TimeUnit.MINUTES);
    timer = vertx.setTimer(Math.max(1, firstDelay.toMillis()), id -> {
      runOnce();
      timer = vertx.setPeriodic(config.every().toMillis(), next -> runOnce());
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return worker.close();
  }

  /** One round over every device, one at a time; skipped while the previous round runs or another instance holds the lease. */
  public Future<Integer> runOnce() {
    if (running) {
      return Future.succeededFuture(0);
    }
    running = true;
    return lease.take(config.every().multipliedBy(2))
        // Only the lease holder prunes too: the other instances of a cluster have nothing to do this round.
        .compose(held -> held ? forecastAll().compose(count -> queries.prune(KEEP_DAYS).map(count))
            : Future.succeededFuture(0))
        .onFailure(e -> LOG.warn("forecast round failed: {}", e.getMessage()))
        .onComplete(done -> running = false);
  }

  private Future<Integer> forecastAll() {
    return queries.devicesWith(config.metric()).compose(ids -> {
      LOG.debug("forecast round over {} device(s) reporting {}", ids.size(), config.metric());
      Future<Integer> chain = Future.succeededFuture(0);
      for (String id : ids) {
        chain = chain.compose(n -> forecast(id).map(done -> n + (done ? 1 : 0)).otherwise(e -> {
          LOG.warn("forecast of {} failed: {}", id, e.getMessage());
          return n;
        }));
      }
      return chain.onSuccess(n -> {
        if (n > 0) {
          LOG.info("forecast: the next 24 hours of {} device(s) brought up to date", n);
        }
      });
    });
  }

  /** True when a new forecast was stored for the device. */
  Future<Boolean> forecast(String deviceId) {
    return queries.span(deviceId, config.metric()).compose(span -> {
      if (span.isEmpty()) {
        return Future.succeededFuture(false);
      }
      Instant latestHour = span.get().latest().truncatedTo(ChronoUnit.HOURS);
      if (latestHour.equals(forecastFrom.get(deviceId))) {
        return Future.succeededFuture(false);
      }
      return queries.hourly(deviceId, config.metric(), latestHour.minus(ForecastQueries.HISTORY), config.zone())
          .compose(series -> worker.executeBlocking(() -> next24Hours(deviceId, series), false))
          .compose(hours -> hours.isEmpty() ? Future.succeededFuture(false)
              : queries.save(deviceId, config.metric(), latestHour, hours, config.zone()).map(true))
          // Only a stored forecast is final for its hour: without one, history may still be arriving late.
          .onSuccess(stored -> {
            if (stored) {
              forecastFrom.put(deviceId, latestHour);
            }
          });
    });
  }

  /** On the worker: the model of the series' latest day (trained now if it is a new day), and its 24 hours. */
  private List<NextDayForecast.Hour> next24Hours(String deviceId, HourlySeries series) {
    LocalDateTime latest = series.last();
    NextDayForecast.Trained trained;
    synchronized (models) {
      trained = models.get(deviceId);
    }
    if (trained == null || !latest.toLocalDate().equals(trained.day())) {
      trained = NextDayForecast.train(series, latest.toLocalDate());
      synchronized (models) {
        models.put(deviceId, trained);
      }
    }
    return trained.next24Hours(series, latest);
  }
}
