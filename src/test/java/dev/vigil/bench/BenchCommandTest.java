package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.config.ConfigKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

  /** The bench makes its folder itself when it runs; naming one creates nothing. */
  private static final Path DATA = Path.of("bench-data");

  private static BenchCommand parse(String... args) {
    BenchCommand command = new BenchCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void readsEveryWorkloadOption() {
    BenchSettings s = parse("--devices", "500", "--metrics", "30", "--rate", "2857.5", "--warmup", "2s",
        "--duration", "PT30S", "--rounds", "5", "--fleet", "500", "--fleet-readings", "400",
        "--load-generator", "inside", "--broker-session", "clean", "--search-steps", "4").settings(250);

    assertThat(s).isEqualTo(new BenchSettings(500, 30, 2857.5, Duration.ofSeconds(2), Duration.ofSeconds(30), 5,
        500, 400, false, 250, true, 4));
  }

  @Test
  void readsDurationsTheWayEveryOtherCommandDoesAndNamesTheFlagOfABadOne() {
    assertThat(parse("--warmup", "1m", "--duration", "90s").settings(1).duration()).isEqualTo(Duration.ofSeconds(90));
    assertThat(parse("--warmup", "1m").settings(1).warmup()).isEqualTo(Duration.ofMinutes(1));
    assertThat(new picocli.CommandLine(new BenchCommand()).getUsageMessage()).contains("default: 5s").contains("default: 15s");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("--duration", "soon"))
        .hasMessageContaining("--duration").hasMessageContaining("not a duration: 'soon'");
  }

  @Test
  void defaultsToTheIssuesWorkloadWithAChildLoadGenerator() {
    BenchSettings s = parse().settings(500);

    assertThat(s.devices()).isEqualTo(20);
    assertThat(s.metrics()).isEqualTo(3);
    assertThat(s.latencyRate()).isZero();
    assertThat(s.childLoad()).isTrue();
    assertThat(s.fleet()).isZero();
    assertThat(s.searchSteps()).as("the highest sustained rate is searched unless asked not to").isEqualTo(6);
    assertThat(s.brokerCleanSession()).as("the broker alone queues for the session kind Vigil holds").isFalse();
  }

  @Test
  void bindsTheDashboardToLoopbackOnAFreePortByDefault() throws Exception {
    Map<ConfigKey, String> o = parse().overrides(Map.of(), DATA);

    assertThat(o).containsEntry(ConfigKey.HTTP_HOST, "127.0.0.1").containsKey(ConfigKey.HTTP_PORT);
  }

  @Test
  void leavesTheHttpPortToVigilHttpPortWhenSet() throws Exception {
    Map<ConfigKey, String> o = parse().overrides(Map.of(ConfigKey.HTTP_PORT.envVar(), "19350"), DATA);

    assertThat(o).doesNotContainKey(ConfigKey.HTTP_PORT);
  }

  @Test
  void takesTheHttpPortAndInterfaceFromItsOptions() throws Exception {
    Map<ConfigKey, String> o = parse("--http-host", "0.0.0.0", "--http-port", "19351")
        .overrides(Map.of(ConfigKey.HTTP_PORT.envVar(), "19350"), DATA);

    assertThat(o).containsEntry(ConfigKey.HTTP_HOST, "0.0.0.0").containsEntry(ConfigKey.HTTP_PORT, "19351");
  }

  @Test
  void readsTheJsonFile() {
    assertThat(parse("--json", "out.json").json).isEqualTo(Path.of("out.json"));
  }

  @Test
  void rejectsAnUnknownLoadGeneratorPlace() {
    assertThatThrownBy(() -> parse("--load-generator", "elsewhere").settings(500))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsAnUnknownBrokerSession() {
    assertThatThrownBy(() -> parse("--broker-session", "durable").settings(500))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--broker-session");
  }

  @Test
  void rejectsANegativeRate() {
    assertThatThrownBy(() -> parse("--rate", "-1").settings(500)).isInstanceOf(IllegalArgumentException.class);
  }
}
