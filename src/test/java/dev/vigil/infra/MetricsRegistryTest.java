package dev.vigil.infra;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Vert.x's metrics as the runtime configures them, with the logging configuration the server ships. */
class MetricsRegistryTest {

  @Test
  void severalConsumersOfOneAddressLogNoDuplicateGaugeWarningAndKeepTheirGauge() throws Exception {
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(logged);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder().with(VigilRuntime.vertxOptions())
        .withMetrics(new MicrometerMetricsFactory(registry)).build();
    try {
      for (int i = 0; i < 3; i++) {
        vertx.eventBus().localConsumer("vigil.readings.stored", m -> { }).completion().await(5, TimeUnit.SECONDS);
      }

      assertThat(logged.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
          .extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains("already registered"));
      assertThat(registry.scrape()).contains("vertx_eventbus_handlers 3.0");
    } finally {
      root.detachAppender(logged);
      vertx.close().await(5, TimeUnit.SECONDS);
    }
  }
}
