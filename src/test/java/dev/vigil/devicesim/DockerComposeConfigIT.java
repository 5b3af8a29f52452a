package dev.vigil.devicesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is valid for the Compose client ({@code docker compose config}; the older
 * {@code docker-compose} when the plugin is missing) and wires what the stack needs. No engine is
 * needed: {@code config} only parses and interpolates.
 */
class DockerComposeConfigIT {

  private static final Map<String, String> SECRETS = Map.of("VIGIL_MQTT_PASSWORD", "s3cret", "VIGIL_PG_PASSWORD", "pgpw",
      "VIGIL_API_TOKEN", "tok3n");
  private static final List<String> SECRET_VARIABLES = List.of("VIGIL_MQTT_PASSWORD", "VIGIL_PG_PASSWORD",
      "VIGIL_API_TOKEN", "VIGIL_SIM_MQTT_PASSWORD", "VIGIL_METRICS_TOKEN");

  private static List<String> compose;

  /** Exit code and combined output of one run. */
  private record Run(int exitCode, String output) {
  }

  @BeforeAll
  static void findComposeClient() {
    if (succeeds(List.of("docker", "compose", "version"))) {
      compose = List.of("docker", "compose");
    } else if (succeeds(List.of("docker-compose", "version"))) {
      compose = List.of("docker-compose");
    }
    assumeTrue(compose != null, "no docker compose client on this machine");
  }

  @Test
  void composeFileIsValid() throws Exception {
    Run run = config(SECRETS, "config", "--quiet");

    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  @Test
  void refusesToRunWithoutThePasswordsAndTheApiTokenInsteadOfFallingBackToDefaults() throws Exception {
    for (String missing : List.of("VIGIL_MQTT_PASSWORD", "VIGIL_PG_PASSWORD", "VIGIL_API_TOKEN")) {
      Map<String, String> env = new java.util.HashMap<>(SECRETS);
      env.remove(missing);
      Run run = config(env, "config", "--quiet");

      assertThat(run.exitCode()).as(missing + ": " + run.output()).isNotZero();
      assertThat(run.output()).contains(missing);
    }
  }

  @Test
  void holdsNoDefaultPasswordAndGivesTheSimulatorNoLoginUnlessItsPasswordIsSet() throws Exception {
    Run run = config(SECRETS, "config");

    assertThat(run.output()).doesNotContain("change-me").contains("VIGIL_API_TOKEN: tok3n")
        .contains("mqtt://simulator:@mosquitto:1883").containsPattern("VIGIL_SIM_MQTT_PASSWORD: ['\"]{2}");
  }

  @Test
  void vigilGetsTheBrokerPasswordFromTheEnvironmentAndRunsClusteredFindingItsPeersByServiceName() throws Exception {
    Run run = config(SECRETS, "config");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("mqtt://vigil:s3cret@mosquitto:1883")
        .contains("postgresql://vigil:pgpw@postgres:5432/vigil")
        .containsPattern("VIGIL_CLUSTER: ['\"]?true")
        .containsPattern("VIGIL_CLUSTER_MEMBERS: ['\"]?vigil")
        .contains("simulate");
  }

  @Test
  void vigilCanBeScaledBecauseNoServiceHasAFixedContainerName() throws Exception {
    Run run = config(SECRETS, "config");

    assertThat(run.output()).doesNotContain("container_name");
  }

  @Test
  void listsEveryServiceOfTheStack() throws Exception {
    Run run = config(SECRETS, "config", "--services");

    assertThat(run.output().lines().map(String::strip).toList())
        .contains("mosquitto-init", "mosquitto", "postgres", "vigil", "simulator");
  }

  private static Run config(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(compose);
    command.addAll(List.of("-f", "docker-compose.yml"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    SECRET_VARIABLES.forEach(builder.environment()::remove);
    builder.environment().putAll(env);
    return run(builder);
  }

  private static boolean succeeds(List<String> command) {
    try {
      return run(new ProcessBuilder(command).redirectErrorStream(true)).exitCode() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static Run run(ProcessBuilder builder) throws IOException, InterruptedException {
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Run(-1, output + "\n(timed out)");
    }
    return new Run(process.exitValue(), output);
  }
}
