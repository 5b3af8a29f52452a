package dev.vigil.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.configuration.service.InternalConfigurations;
import dev.vigil.testsupport.TestInfra;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vigil acknowledges a reading only once it is committed, so the number of unacknowledged messages the
 * broker sends ahead is ingest's ceiling. HiveMQ's own window for an MQTT 3 client is 50; the embedded
 * broker must run with {@link EmbeddedBrokerSettings#IN_FLIGHT_WINDOW} (two store batches).
 *
 * <p>Counting the messages a subscriber receives before its first PUBACK does not tell it reliably: HiveMQ
 * sends a persistent session its queue in rounds, each round what was queued when the previous one was
 * fully acknowledged, so under load a round can be cut short by a queue write that had not landed yet (a
 * loaded CI run saw a round of one). The window's effect is measured by `vigil bench` instead
 * (docs/benchmarks.md: 2,003 readings/s with 50, 6,140 with 1000); this checks the broker runs with it.
 */
class EmbeddedBrokerInFlightWindowIT {

  @TempDir
  Path dataDir;
  private EmbeddedBroker broker;

  @BeforeEach
  void setUp() throws Exception {
    InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = 50; // HiveMQ's own default, as in a fresh JVM
    broker = EmbeddedBroker.start(TestInfra.freePort(), dataDir);
  }

  @AfterEach
  void tearDown() {
    broker.close();
  }

  @Test
  void runsWithVigilsInFlightWindowInsteadOfHiveMqsFifty() {
    assertThat(InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES)
        .isEqualTo(EmbeddedBrokerSettings.IN_FLIGHT_WINDOW).isEqualTo(1000);
  }
}
