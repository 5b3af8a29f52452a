package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IngestConfigTest {

  private static final String INSTANCE = "host-8080";

  @Test
  void defaultClientIdIsStableAcrossRestarts() {
    assertThat(IngestConfig.defaultClientId(INSTANCE, "vigil", "secret"))
        .isEqualTo(IngestConfig.defaultClientId(INSTANCE, "vigil", "secret"));
  }

  @Test
  void defaultClientIdCarriesATagThatDependsOnThePassword() {
    assertThat(IngestConfig.defaultClientId(INSTANCE, "vigil", "secret"))
        .startsWith("vigil-host-8080-").hasSize("vigil-host-8080-".length() + 24)
        .isNotEqualTo(IngestConfig.defaultClientId(INSTANCE, "vigil", "other"));
  }

  @Test
  void defaultClientIdWithoutPasswordIsThePlainInstanceName() {
    assertThat(IngestConfig.defaultClientId(INSTANCE, null, null)).isEqualTo("vigil-host-8080");
  }

  @Test
  void aSingleInstanceSubscribesWithoutSharedSubscription() {
    assertThat(IngestConfig.topicFilter(false)).isEqualTo("devices/+/telemetry");
    assertThat(IngestConfig.topicFilter(true)).isEqualTo("$share/vigil/devices/+/telemetry");
  }
}
