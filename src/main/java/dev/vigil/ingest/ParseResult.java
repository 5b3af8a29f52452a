package dev.vigil.ingest;

import java.util.List;

/** What {@link TelemetryParser} made of one MQTT message: readings, or the reason it was refused. */
public sealed interface ParseResult {

  /** The device the topic named, or null when the topic itself was bad. */
  String deviceId();

  /** Every reading of the message, in the order the device sent them; never empty. */
  record Accepted(String deviceId, List<Reading> readings) implements ParseResult {
    public Accepted {
      readings = List.copyOf(readings);
    }
  }

  /** The whole message was refused: one bad reading refuses its siblings too (see docs/wire-contract.md). */
  record Rejected(String deviceId, Rejection rejection) implements ParseResult {
  }
}
