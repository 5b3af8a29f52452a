package dev.vigil.ingest;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttClient;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket under ingest's MQTT client, which vertx-mqtt does not expose: ingest pauses it when the chain
 * falls behind ({@link IntakeValve}) and consolidates its flushes. Reached through the client's
 * {@code connection} field; with another version of the library that lacks it, both are skipped (logged once),
 * and ingest works as before, only dearer.
 */
final class BrokerConnection {

  /**
   * Acknowledgements written in one turn of the event loop leave in one write: without this each PUBACK, sent
   * as its reading's commit completes and outside any read, was flushed alone, one system call per reading
   * (136,231 writes in 8 s of a flat-out {@code vigil bench} phase storing 14,202 readings/s). Netty's own
   * handler does it, and flushes at once after this many, so a long burst does not wait.
   */
  static final int FLUSH_AT_MOST_EVERY = 256;

  private static final Logger LOG = LoggerFactory.getLogger(BrokerConnection.class);
  private static final Field CONNECTION = connectionField();
  /** Vert.x's MQTT client's encoder: flushes are consolidated before it reaches TLS or the wire. */
  private static final String ENCODER = "mqttEncoder";
  static final String CONSOLIDATION = "vigilFlushConsolidation";

  private BrokerConnection() {
  }

  /** The client's socket, or null when it cannot be reached. */
  static NetSocket socketOf(MqttClient client) {
    if (CONNECTION == null) {
      return null;
    }
    try {
      return CONNECTION.get(client) instanceof NetSocket s ? s : null;
    } catch (IllegalAccessException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Makes the acknowledgements written in one turn of the event loop on {@code socket} (the client's, from
   * {@link #socketOf}) leave together; false when it cannot.
   */
  static boolean consolidateFlushes(NetSocket socket) {
    if (!(socket instanceof NetSocketInternal internal)) {
      return false;
    }
    ChannelPipeline pipeline = internal.channelHandlerContext().pipeline();
    if (pipeline.get(CONSOLIDATION) != null) {
      return true;
    }
    if (pipeline.get(ENCODER) == null) {
      return false;
    }
    pipeline.addBefore(ENCODER, CONSOLIDATION, new FlushConsolidationHandler(FLUSH_AT_MOST_EVERY, true));
    return true;
  }

  private static Field connectionField() {
    try {
      Field f = Class.forName("io.vertx.mqtt.impl.MqttClientImpl").getDeclaredField("connection");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot reach the MQTT client's connection ({}): ingest will neither pause reading when the chain"
          + " falls behind (the store's backlog limit refuses instead) nor consolidate its acknowledgements",
          e.toString());
      return null;
    }
  }
}
