package dev.vigil.ingest;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.net.NetSocket;

/**
 * Stops reading from the broker's connection while {@code high} readings wait for the chain, and reads on once
 * no more than {@code low} do. A broker's in-flight window does not bound what it sends a subscriber that
 * acknowledges late: Mosquitto 2.0.11 with {@code max_inflight_messages 1000} had 35,009 messages out to one
 * client that acknowledged each 200 ms after it arrived, the embedded HiveMQ 3,610 (docs/decisions.md). So the
 * store's backlog filled, ingest refused, resumed the session to have the refused readings redelivered, and
 * fed past its maximum Vigil stored a fifth of it ({@code vigil bench}). Not reading the socket is TCP's flow
 * control: the broker's writes wait, and it keeps the rest queued in the session, which is its job.
 *
 * <p>MQTT 3.1.1 has no receive window a client can set, so the valve pauses the client's socket
 * ({@link BrokerConnection}); where that cannot be reached the valve stays open, and the store's backlog limit
 * refuses as before. Used on ingest's event loop only.
 */
final class IntakeValve {

  private final int high;
  private final int low;
  private final Counter pauses;
  private int inFlight;
  private boolean closed;
  private NetSocket socket;

  /** @param high readings in flight at which reading stops; reading resumes at half of it */
  IntakeValve(int high, Counter pauses) {
    if (high < 2) {
      throw new IllegalArgumentException("high must be at least 2, was " + high);
    }
    this.high = high;
    this.low = high / 2;
    this.pauses = pauses;
  }

  /** The connection readings now come from (null when it cannot be reached); it starts closed when the valve is. */
  void attach(NetSocket socket) {
    this.socket = socket;
    if (closed && socket != null) {
      socket.pause();
    }
  }

  /** {@code readings} more wait for the chain. */
  void taken(int readings) {
    inFlight += readings;
    if (!closed && inFlight >= high) {
      closed = true;
      pauses.increment();
      if (socket != null) {
        socket.pause();
      }
    }
  }

  /** {@code readings} were settled (stored, dead-lettered or failed). */
  void settled(int readings) {
    inFlight -= readings;
    if (closed && inFlight <= low) {
      closed = false;
      if (socket != null) {
        socket.resume();
      }
    }
  }

  boolean closed() {
    return closed;
  }

  int inFlight() {
    return inFlight;
  }
}
