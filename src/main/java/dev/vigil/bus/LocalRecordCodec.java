package dev.vigil.bus;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes an immutable record between verticles of one instance by reference. Records never leave
 * the JVM on this codec: what crosses the cluster or the bridge is JSON.
 */
public final class LocalRecordCodec<T extends Record> implements MessageCodec<T, T> {

  private final Class<T> type;

  private LocalRecordCodec(Class<T> type) {
    this.type = type;
  }

  /** Registers the codec as the default for {@code type}; harmless when already registered. */
  public static <T extends Record> void register(Vertx vertx, Class<T> type) {
    try {
      vertx.eventBus().registerDefaultCodec(type, new LocalRecordCodec<>(type));
    } catch (IllegalStateException alreadyRegistered) {
      // Another verticle of this instance registered it first: the same codec, nothing to do.
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    throw new UnsupportedOperationException(type.getSimpleName() + " is local to one instance");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(type.getSimpleName() + " is local to one instance");
  }

  @Override
  public T transform(T value) {
    return value;
  }

  @Override
  public String name() {
    return "local-" + type.getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
