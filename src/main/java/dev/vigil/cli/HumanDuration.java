package dev.vigil.cli;

import dev.vigil.sim.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Every duration option of the CLI reads and shows durations one way: "90s", "10m", "2h" (ISO "PT5M" accepted too). */
public final class HumanDuration implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
