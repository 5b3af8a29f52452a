package dev.vigil.ingest;

import dev.vigil.ingest.Rejection.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** The ingest stage's meters (Prometheus names: vigil_ingest_received_total, ...). */
final class IngestMetrics {

  final Counter received;
  final Counter accepted;
  final Counter acked;
  final Counter unacked;
  final Counter reconnects;
  final Counter toOwner;
  final Counter fromPeers;
  final Counter heldForLeavingOwner;
  final Counter intakePauses;
  private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);

  IngestMetrics(MeterRegistry registry) {
    received = Counter.builder("vigil.ingest.received").description("MQTT messages received").register(registry);
    accepted = Counter.builder("vigil.ingest.accepted").description("Readings that passed validation")
        .register(registry);
    acked = Counter.builder("vigil.ingest.acked").description("Messages acknowledged to the broker")
        .register(registry);
    unacked = Counter.builder("vigil.ingest.unacked")
        .description("Messages left unacknowledged because the chain failed (the broker redelivers them)")
        .register(registry);
    reconnects = Counter.builder("vigil.ingest.reconnects").description("Successful reconnects to the broker")
        .register(registry);
    toOwner = Counter.builder("vigil.ingest.to.owner")
        .description("Readings sent to the cluster member that owns their device (clustered only)")
        .register(registry);
    fromPeers = Counter.builder("vigil.ingest.from.peers")
        .description("Readings of devices this instance owns, received by another cluster member")
        .register(registry);
    heldForLeavingOwner = Counter.builder("vigil.ingest.held.for.leaving.owner")
        .description("Readings forwarded to a member that was stopping, held until the cluster saw it leave and"
            + " then routed to the device's next owner (clustered only)")
        .register(registry);
    intakePauses = Counter.builder("vigil.ingest.intake.paused")
        .description("Times ingest stopped reading from the broker because too many readings waited to be stored"
            + " (the broker queues meanwhile)")
        .register(registry);
    for (Reason reason : Reason.values()) {
      if (!reason.breaksWireContract()) {
        continue; // counted where it is decided, by scoring (vigil.scoring.devices.refused)
      }
      rejected.put(reason, Counter.builder("vigil.ingest.rejected").tag("reason", reason.code())
          .description("Messages refused by the wire contract, by reason").register(registry));
    }
  }

  Counter rejected(Reason reason) {
    return rejected.get(reason);
  }
}
