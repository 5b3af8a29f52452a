package dev.vigil.store;

import dev.vigil.ingest.Rejection;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reads {@code dead_letters} for the API: the latest refused messages (a row counts every repeat of one
 * message in {@code occurrences}; a summary row counts a flood without keeping each payload), and how
 * many messages each device had refused, under the same filter. The writer is {@link DeadLetterWriter}.
 */
public final class DeadLetterQueries {

  /** Which dead letters: every field but limit and offset may be null (no filter). */
  public record Filter(String deviceId, String reason, Instant from, Instant to, int limit, int offset) {
  }

  /** Devices listed in {@code byDevice}, most refusals first. */
  public static final int MAX_DEVICES = 100;

  // a row spans received_at .. last_received_at: it matches a range it overlaps
  private static final String WHERE = " WHERE ($1::text IS NULL OR device_id = $1) AND ($2::text IS NULL OR reason = $2)"
      + " AND ($3::timestamptz IS NULL OR last_received_at >= $3) AND ($4::timestamptz IS NULL OR received_at < $4)";
  private static final String LIST = "SELECT id, received_at, last_received_at, topic, device_id, reason, detail, "
      + "payload, occurrences, summary FROM dead_letters" + WHERE
      + " ORDER BY last_received_at DESC, id DESC LIMIT $5 OFFSET $6";
  private static final String TOTALS = "SELECT count(*) AS total, coalesce(sum(occurrences), 0) AS messages "
      + "FROM dead_letters" + WHERE;
  private static final String BY_DEVICE = "SELECT device_id, sum(occurrences) AS messages, "
      + "max(last_received_at) AS last_received_at FROM dead_letters" + WHERE
      + " GROUP BY device_id ORDER BY messages DESC, device_id LIMIT " + MAX_DEVICES;

  private final Pool pool;

  public DeadLetterQueries(Pool pool) {
    this.pool = pool;
  }

  /** {@code {items, total, messages, limit, offset, byDevice}}: one page, newest first, and counts per device. */
  public Future<JsonObject> list(Filter f) {
    Tuple where = Tuple.of(f.deviceId(), f.reason(), timestamp(f.from()), timestamp(f.to()));
    Future<RowSet<Row>> items = pool.preparedQuery(LIST)
        .execute(Tuple.of(f.deviceId(), f.reason(), timestamp(f.from()), timestamp(f.to()), f.limit(), f.offset()));
    Future<RowSet<Row>> totals = pool.preparedQuery(TOTALS).execute(where);
    Future<RowSet<Row>> byDevice = pool.preparedQuery(BY_DEVICE).execute(where);
    return Future.all(items, totals, byDevice).map(done -> {
      JsonArray page = new JsonArray();
      items.result().forEach(row -> page.add(toJson(row)));
      Row total = totals.result().iterator().next();
      JsonArray devices = new JsonArray();
      byDevice.result().forEach(row -> devices.add(new JsonObject().put("deviceId", row.getString("device_id"))
          .put("messages", row.getLong("messages")).put("lastReceivedAt", iso(row, "last_received_at"))));
      return new JsonObject().put("items", page).put("total", total.getLong("total"))
          .put("messages", total.getLong("messages")).put("limit", f.limit()).put("offset", f.offset())
          .put("byDevice", devices);
    });
  }

  private static JsonObject toJson(Row row) {
    String reason = row.getString("reason");
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("receivedAt", iso(row, "received_at"))
        .put("lastReceivedAt", iso(row, "last_received_at"))
        .put("topic", row.getString("topic"))
        .put("deviceId", row.getString("device_id"))
        .put("reason", reason)
        .put("reasonText", Rejection.Reason.ofCode(reason).map(Rejection.Reason::words).orElse(reason))
        .put("detail", row.getString("detail"))
        .put("payload", row.getString("payload"))
        .put("occurrences", row.getInteger("occurrences"))
        .put("summary", row.getBoolean("summary"));
  }

  private static String iso(Row row, String column) {
    OffsetDateTime t = row.getOffsetDateTime(column);
    return t == null ? null : t.toInstant().toString();
  }

  private static OffsetDateTime timestamp(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
