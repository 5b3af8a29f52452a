package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.testsupport.MosquittoProcess;
import dev.vigil.testsupport.TestInfra;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A tiny {@code vigil bench} end to end against a real Mosquitto and PostgreSQL: every figure the issue
 * asks for is in the JSON as a finite number. No figure is judged here; figures belong in the docs.
 */
class BenchIT {

  @TempDir
  Path dir;

  @Test
  void writesEveryFigureAsAFiniteNumberWithTheLoadInAChildJvm() throws Exception {
    JsonObject json = bench("process", "--fleet", "2", "--fleet-readings", "20");

    assertEveryRequiredKeyIsFinite(json);
    assertThat(json.getJsonObject("settings").getString("load_generator")).isEqualTo("child JVM");
    assertThat(json.getJsonObject("vigil").getLong("readings_not_arrived")).isZero();
    assertThat(json.getJsonObject("broker").getLong("readings_not_arrived")).isZero();
    assertThat(json.getJsonObject("fleet").getLong("readings_stored")).isGreaterThanOrEqualTo(40);
    for (String contender : List.of("broker", "vigil")) {
      assertThat(json.getJsonObject(contender).getJsonArray("sustained_search")).as(contender).hasSize(2)
          .allSatisfy(step -> assertThat(((JsonObject) step).getDouble("offered")).isPositive());
    }
  }

  @Test
  void writesEveryFigureAsAFiniteNumberWithTheLoadInsideVigilsJvm() throws Exception {
    JsonObject json = bench("inside");

    assertEveryRequiredKeyIsFinite(json);
    assertThat(json.getJsonObject("settings").getString("load_generator")).isEqualTo("Vigil's JVM");
  }

  @Test
  void refusesADatabaseThatAlreadyHoldsReadingsAndSaysWhy() throws Exception {
    assumeTrue(MosquittoProcess.installed(), "needs mosquitto");
    String db = TestInfra.freshDatabase();
    TestInfra.execute(db, "INSERT INTO readings (device_id, ts, seq, metrics) VALUES ('earlier-run', now(), 1,"
        + " '{\"power_w\": 1.5}')");
    Path json = dir.resolve("refused.json");
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (MosquittoProcess broker = MosquittoProcess.start()) {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(new BenchCommand()).execute("--devices", "2", "--rounds", "1", "--mqtt-url",
          broker.url(), "--pg-url", db, "--json", json.toString());

      assertThat(exit).isEqualTo(2);
    } finally {
      System.setErr(stderr);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("vigil bench: the database at --pg-url already"
        + " holds readings");
    assertThat(json).doesNotExist();
    assertThat(TestInfra.queryString(db, "SELECT count(*) FROM readings")).isEqualTo("1");
  }

  private JsonObject bench(String loadGenerator, String... extra) throws Exception {
    assumeTrue(MosquittoProcess.installed(), "needs mosquitto");
    try (MosquittoProcess broker = MosquittoProcess.start()) {
      Path json = dir.resolve("bench.json");
      List<String> args = new java.util.ArrayList<>(List.of("--devices", "2", "--warmup", "1s", "--duration",
          "2s", "--rounds", "1", "--search-steps", "2", "--load-generator", loadGenerator, "--mqtt-url", broker.url(),
          "--pg-url", TestInfra.freshDatabase(), "--json", json.toString()));
      args.addAll(List.of(extra));

      int exit = new CommandLine(new BenchCommand()).execute(args.toArray(String[]::new));

      assertThat(exit).isZero();
      return new JsonObject(Files.readString(json));
    }
  }

  private static void assertEveryRequiredKeyIsFinite(JsonObject json) {
    for (String key : FiguresTest.REQUIRED) {
      String[] path = key.split("\\.");
      Object value = json.getJsonObject(path[0]).getValue(path[1]);
      assertThat(value).as(key).isInstanceOf(Number.class);
      assertThat(((Number) value).doubleValue()).as(key).isFinite();
    }
  }
}
