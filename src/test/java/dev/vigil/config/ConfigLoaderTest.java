package dev.vigil.config;

import dev.vigil.cli.Main;
import dev.vigil.sim.BrokerAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void defaultsDescribeTheZeroInstallMode() {
    VigilConfig c = ConfigLoader.load(null, Map.of(), Map.of());
    assertThat(c.embeddedBroker()).isTrue();
    assertThat(c.embeddedPostgres()).isTrue();
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.mqttEmbeddedPort()).isEqualTo(1883);
    assertThat(c.effectiveScoringLanes()).isPositive();
  }

  @Test
  void environmentOverridesFileAndCommandLineOverridesEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("vigil.properties");
    Files.writeString(file, "http.port=9000\nscoring.warmup=50\n");
    VigilConfig c = ConfigLoader.load(file, Map.of("VIGIL_HTTP_PORT", "9100", "VIGIL_SCORING_WARMUP", "60"),
        Map.of(ConfigKey.HTTP_PORT, "9200"));
    assertThat(c.httpPort()).isEqualTo(9200);
    assertThat(c.scoringWarmup()).isEqualTo(60);
  }

  @Test
  void externalInfrastructureComesFromTheUrls() {
    VigilConfig c = ConfigLoader.load(null, Map.of("VIGIL_MQTT_URL", "mqtt://vigil:pw@broker:1884",
        "VIGIL_PG_URL", "postgresql://postgres@db:5432/vigil"), Map.of());
    assertThat(c.embeddedBroker()).isFalse();
    assertThat(c.embeddedPostgres()).isFalse();
    BrokerAddress broker = BrokerAddress.parse(c.mqttUrl());
    assertThat(broker).isEqualTo(new BrokerAddress("broker", 1884, "vigil", "pw", false));
    assertThat(broker.toString()).isEqualTo("mqtt://vigil@broker:1884").doesNotContain("pw");
  }

  @Test
  void rejectsPortOutOfRangeNamingTheVariable() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_HTTP_PORT", "70000"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_HTTP_PORT").hasMessageContaining("65535");
  }

  @Test
  void rejectsNonNumericWarmup() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_SCORING_WARMUP", "lots"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_SCORING_WARMUP");
  }

  @Test
  void rejectsThresholdOutsideUnitInterval() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_SCORING_THRESHOLD", "1.5"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("(0, 1]");
  }

  @Test
  void rejectsBrokerUrlWithWrongScheme() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_MQTT_URL", "http://broker:1883"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("mqtt://");
  }

  @Test
  void rejectsClusterFlagThatIsNotABoolean() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_CLUSTER", "yes"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("true or false");
  }

  @Test
  void commandWithOnlyOptionsMeansServe() {
    assertThat(Main.withDefaultCommand(new String[] {"--simulate", "3"})).containsExactly("serve", "--simulate", "3");
    assertThat(Main.withDefaultCommand(new String[0])).containsExactly("serve");
    assertThat(Main.withDefaultCommand(new String[] {"simulate"})).containsExactly("simulate");
    assertThat(Main.withDefaultCommand(new String[] {"--help"})).containsExactly("--help");
  }

  @Test
  void notificationSettingsHaveSensibleDefaultsAndRefuseAnUnknownStarttlsMode() {
    VigilConfig c = ConfigLoader.load(null, Map.of(), Map.of());
    assertThat(c.notifications().retry().delayAfter(1)).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(c.notifications().smtp().host()).isEqualTo("localhost");
    assertThat(c.notifications().smtp().from()).isEqualTo("vigil@localhost");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_SMTP_STARTTLS", "always"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_SMTP_STARTTLS");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_NOTIFY_DASHBOARD_URL", "vigil.example.com"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_NOTIFY_DASHBOARD_URL");
  }

  @Test
  void openOnLocalhostFollowsTheBoundInterfaceUnlessSetAndIsNeverOpenToTheNetwork() {
    assertThat(ConfigLoader.load(null, Map.of(), Map.of()).authOpenLocalhost()).as("0.0.0.0: users on").isFalse();
    assertThat(ConfigLoader.load(null, Map.of("VIGIL_HTTP_HOST", "127.0.0.1"), Map.of()).authOpenLocalhost()).isTrue();
    assertThat(ConfigLoader.load(null, Map.of("VIGIL_HTTP_HOST", "127.0.0.1", "VIGIL_AUTH_OPEN_LOCALHOST", "false"),
        Map.of()).authOpenLocalhost()).isFalse();
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_AUTH_OPEN_LOCALHOST", "true"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_AUTH_OPEN_LOCALHOST")
        .hasMessageContaining("loopback");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_AUTH_OPEN_LOCALHOST", "maybe"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auto, true or false");
  }
}
