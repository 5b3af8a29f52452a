package dev.vigil.ingest;

import java.util.List;

/** What {@link TelemetryParser} made of one MQTT message: readings, or the reason it was refused. */
public sealed interface ParseResult {

  /** The device the topic named, or null when the topic itself was bad. */
  String deviceId();

  /** What the message puts in the chain's way: its readings, or its one dead letter. */
  int itemCount();

  /** Every reading of the message, in the order the device sent them; never empty. */
  record Accepted(String deviceId, List<Reading> readings) implements ParseResult {
    public Accepted {
      readings = List.copyOf(readings);
    }

    @Override
    public int itemCount() {
      return readings.size();
    }
  }

  /** The whole message was refused: one bad reading refuses its siblings too (see docs/wire-contract.md). */
  record Rejected(String deviceId, Rejection rejection) implements ParseResult {
    @Override
    public int itemCount() {
      return 1;
    }
  }
}
