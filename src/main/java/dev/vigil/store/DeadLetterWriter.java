package dev.vigil.store;

import dev.vigil.ingest.DeadLetter;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Keeps refused messages, with their reason, in {@code dead_letters}. Rare enough to write one by one. */
final class DeadLetterWriter {

  private static final String INSERT = """
      INSERT INTO dead_letters (received_at, topic, device_id, reason, detail, payload)
      VALUES ($1, $2, $3, $4, $5, $6)
      """;

  private final Pool pool;

  DeadLetterWriter(Pool pool) {
    this.pool = pool;
  }

  Future<Void> write(DeadLetter letter) {
    Tuple row = Tuple.of(OffsetDateTime.ofInstant(letter.receivedAt(), ZoneOffset.UTC), letter.topic(),
        letter.deviceId(), letter.reason(), letter.detail(), letter.payload());
    return pool.preparedQuery(INSERT).execute(row).mapEmpty();
  }
}
