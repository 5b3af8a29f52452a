package dev.vigil.cli;

import dev.vigil.sim.BrokerAddress;
import dev.vigil.sim.Replay;
import dev.vigil.sim.ReplayPublisher;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil replay}: a timestamped CSV published as one device's telemetry, original times kept. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Publish a timestamped CSV (one column per metric) as one device's telemetry, with the "
        + "original timestamps: NAB files, semicolon sensor logs with Date;Time columns, ...")
public final class ReplayCommand implements Callable<Integer> {

  @Option(names = "--file", required = true, description = "The CSV file; its first line names the columns.")
  Path file;

  @Option(names = "--device", required = true, description = "Device id to publish as ([A-Za-z0-9_.:-]{1,64}).")
  String device;

  @Option(names = "--time-column", description = "Time column; 'Date,Time' joins two. Default: a column named "
      + "timestamp/datetime/time/ts/date, or Date and Time together.")
  String timeColumn;

  @Option(names = "--separator", description = "Field separator (default: guessed from the header; 'tab' for tabs).")
  String separator;

  @Option(names = "--ignore-column", split = ",", description = "Columns not to publish (label-like columns are "
      + "always ignored: label, anomaly, class, target).")
  List<String> ignored = List.of();

  @Option(names = "--zone", defaultValue = "UTC", description = "Time zone of timestamps without one (default ${DEFAULT-VALUE}).")
  String zone;

  @Option(names = "--speed", defaultValue = "max", description = "'max' (as fast as acknowledged) or a factor of "
      + "real time such as 60x (default ${DEFAULT-VALUE}).")
  String speed;

  @Option(names = "--in-flight", defaultValue = "100", description = "Most unacknowledged readings (default ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--mqtt-url", defaultValue = "${env:VIGIL_SIM_MQTT_URL:-mqtt://127.0.0.1:1883}",
      description = "Broker, mqtt://[user:pass@]host:port (default ${DEFAULT-VALUE}).")
  String mqttUrl;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    String mistake = mistake();
    if (mistake != null) {
      System.err.println("vigil replay: " + mistake);
      return 2;
    }
    double pace;
    BrokerAddress broker;
    try {
      pace = Replay.parseSpeed(speed);
      broker = BrokerAddress.parse(mqttUrl);
    } catch (IllegalArgumentException e) {
      System.err.println("vigil replay: " + e.getMessage());
      return 2;
    }
    long total = Replay.countDataLines(file);
    Vertx vertx = Vertx.vertx();
    try {
      ReplayPublisher publisher = new ReplayPublisher(vertx, broker, device, inFlight);
      publisher.connect().await(30, TimeUnit.SECONDS);
      out.printf("Replaying %d rows of %s as device %s to %s at %s%n", total, file, device, broker,
          pace == 0 ? "full speed" : pace + "x");
      Replay.Summary summary;
      try (Progress bar = Progress.open("replay", total, " rows")) {
        summary = Replay.run(new Replay.Source(file, separator, timeColumn, ignored, ZoneId.of(zone)), publisher,
            pace, (done, sent, acked) -> bar.update(done, "sent " + sent + " acked " + acked));
      }
      publisher.close().await(10, TimeUnit.SECONDS);
      printSummary(out, summary);
      return summary.failure() == null && summary.acknowledged() == summary.sent() ? 0 : 1;
    } catch (IllegalArgumentException e) {
      System.err.println("vigil replay: " + e.getMessage());
      return 2;
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** The first option given wrong, named with what is wrong with it; null when all are usable. */
  String mistake() {
    if (!Files.isRegularFile(file)) {
      return "--file " + file + ": " + (Files.isDirectory(file) ? "is a directory, not a CSV file" : "no such file");
    }
    if (!Files.isReadable(file)) {
      return "--file " + file + ": not readable";
    }
    if (!device.matches("[A-Za-z0-9_.:-]{1,64}")) {
      return "--device '" + device + "': must match [A-Za-z0-9_.:-]{1,64}";
    }
    if (inFlight < 1) {
      return "--in-flight " + inFlight + ": must be 1 or more";
    }
    return null;
  }

  private static void printSummary(PrintStream out, Replay.Summary s) {
    out.printf("Sent %d, acknowledged %d, rejected rows %d, in %.1f s (%.0f readings/s)%n", s.sent(),
        s.acknowledged(), s.rejected(), s.took().toMillis() / 1000.0, s.ratePerSecond());
    s.firstRejections().forEach(r -> out.println("  rejected " + r));
    if (s.failure() != null) {
      out.println("Stopped early: " + s.failure());
    }
  }
}
