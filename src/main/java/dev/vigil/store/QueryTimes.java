package dev.vigil.store;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Timestamp conversions shared by the read-side queries: ISO-8601 UTC out, OffsetDateTime in. */
final class QueryTimes {

  private QueryTimes() {
  }

  static String iso(Row row, String column) {
    OffsetDateTime t = row.getOffsetDateTime(column);
    return t == null ? null : t.toInstant().toString();
  }

  static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
