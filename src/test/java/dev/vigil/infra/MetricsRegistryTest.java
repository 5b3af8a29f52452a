package dev.vigil.infra;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The /metrics registry as the runtime builds it, with Vert.x's metrics on. */
class MetricsRegistryTest {

  @Test
  void severalConsumersOfOneAddressRegisterNoGaugeTwice() throws Exception {
    Logger micrometer = (Logger) LoggerFactory.getLogger(MeterRegistry.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    micrometer.addAppender(logged);
    PrometheusMeterRegistry registry = VigilRuntime.newRegistry();
    Vertx vertx = Vertx.builder().with(VigilRuntime.vertxOptions())
        .withMetrics(new MicrometerMetricsFactory(registry)).build();
    try {
      for (int i = 0; i < 3; i++) {
        vertx.eventBus().localConsumer("vigil.readings.stored", m -> { }).completion().await(5, TimeUnit.SECONDS);
      }
      vertx.eventBus().publish("vigil.readings.stored", "x");

      assertThat(logged.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
          .extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains("already registered"));
      assertThat(registry.scrape()).contains("vertx_eventbus_published_total");
    } finally {
      micrometer.detachAppender(logged);
      vertx.close().await(5, TimeUnit.SECONDS);
    }
  }
}
