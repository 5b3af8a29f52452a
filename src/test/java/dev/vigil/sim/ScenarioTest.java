package dev.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScenarioTest {

  @Test
  void defaultScenarioIsAMixedFleetOfMostlyEnergyMeters() {
    Scenario scenario = Scenario.load(null);
    Map<String, Long> counts = scenario.deal(100).stream()
        .collect(Collectors.groupingBy(DeviceKind::kind, Collectors.counting()));

    assertThat(counts).containsEntry("energy-meter", 60L).containsEntry("environment", 20L).containsEntry("pump", 20L);
    assertThat(scenario.deal(1).get(0).metrics()).extracting(MetricSpec::name).contains("power_w", "voltage_v");
  }

  @Test
  void dealsASmallFleetMixedFromTheStart() {
    List<String> kinds = Scenario.load("mixed-fleet").deal(5).stream().map(DeviceKind::kind).toList();

    assertThat(kinds).contains("energy-meter", "environment", "pump");
  }

  @Test
  void everyScenarioFileInTheRepositoryLoads() throws Exception {
    try (var files = Files.list(Path.of("device-sim/scenarios"))) {
      List<Path> paths = files.filter(p -> p.toString().endsWith(".json")).toList();
      assertThat(paths).hasSizeGreaterThanOrEqualTo(4);
      assertThat(paths).map(p -> Scenario.load(p.toString())).allSatisfy(s -> assertThat(s.kinds()).isNotEmpty());
    }
  }

  @Test
  void rejectsAMetricFollowingOneNotYetDefined() {
    String json = "{\"kinds\":[{\"kind\":\"x\",\"metrics\":[{\"name\":\"a\",\"follows\":\"b\"},{\"name\":\"b\"}]}]}";

    assertThatThrownBy(() -> Scenario.parse(json)).hasMessageContaining("follows 'b'");
  }

  @Test
  void rejectsAnUnknownScenarioName() {
    assertThatThrownBy(() -> Scenario.load("no-such-fleet")).hasMessageContaining("no-such-fleet");
  }

  @Test
  void parsesBrokerUrlsWithCredentialsAndDefaults() {
    assertThat(BrokerAddress.parse("mqtt://127.0.0.1")).isEqualTo(new BrokerAddress("127.0.0.1", 1883, null, null, false));
    assertThat(BrokerAddress.parse("mqtts://sim:p%40ss@broker:8884"))
        .isEqualTo(new BrokerAddress("broker", 8884, "sim", "p@ss", true));
    assertThatThrownBy(() -> BrokerAddress.parse("http://x")).hasMessageContaining("mqtt://");
  }

}
