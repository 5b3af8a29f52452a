package dev.vigil.store;

import dev.vigil.alert.Alert;
import dev.vigil.alert.NewAlert;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for the alerts table. A device has at most one live (open or acked) alert per kind and metric
 * (partial unique index {@code alerts_live_idx}); {@link #raise} relies on it to open or repeat in one
 * atomic statement, so concurrent raisers (several instances) never create two.
 */
public final class AlertStore {

  private static final String COLUMNS = "id, device_id, kind, metric, rule_id, severity, state, message, value, "
      + "threshold, score, explanation, occurrences, opened_at, updated_at, acked_at, cleared_at";
  private static final String RANK = "array_position(ARRAY['low','medium','high','critical']::text[], %s)";

  private static final String RAISE = "INSERT INTO alerts (device_id, kind, metric, rule_id, severity, message, "
      + "value, threshold, score, explanation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
      + "ON CONFLICT (device_id, kind, metric) WHERE state <> 'cleared' DO UPDATE SET "
      + "occurrences = alerts.occurrences + 1, updated_at = now(), rule_id = EXCLUDED.rule_id, "
      + "message = EXCLUDED.message, value = EXCLUDED.value, threshold = EXCLUDED.threshold, "
      + "score = EXCLUDED.score, explanation = EXCLUDED.explanation, severity = CASE WHEN "
      + RANK.formatted("EXCLUDED.severity") + " > " + RANK.formatted("alerts.severity")
      + " THEN EXCLUDED.severity ELSE alerts.severity END RETURNING " + COLUMNS;
  private static final String CLEAR_LIVE = "UPDATE alerts SET state = 'cleared', cleared_at = now(), "
      + "updated_at = now() WHERE device_id = $1 AND kind = $2 AND metric = $3 AND state <> 'cleared' RETURNING "
      + COLUMNS;
  private static final String GET = "SELECT " + COLUMNS + " FROM alerts WHERE id = $1";
  private static final String ACK = "UPDATE alerts SET state = 'acked', acked_at = now(), updated_at = now() "
      + "WHERE id = $1 AND state = 'open' RETURNING " + COLUMNS;
  private static final String CLEAR = "UPDATE alerts SET state = 'cleared', cleared_at = now(), updated_at = now() "
      + "WHERE id = $1 AND state <> 'cleared' RETURNING " + COLUMNS;
  private static final String WHERE = " WHERE ($1::text IS NULL OR severity = $1) AND ($2::text IS NULL OR state = $2)"
      + " AND ($3::text IS NULL OR device_id = $3) AND ($4::timestamptz IS NULL OR opened_at >= $4)"
      + " AND ($5::timestamptz IS NULL OR opened_at < $5)";
  private static final String LIST = "SELECT " + COLUMNS + " FROM alerts" + WHERE
      + " ORDER BY opened_at DESC, id DESC LIMIT $6 OFFSET $7";
  private static final String COUNT = "SELECT count(*) AS total FROM alerts" + WHERE;
  private static final String LIVE = "SELECT " + COLUMNS + " FROM alerts WHERE state <> 'cleared' AND kind = $1";
  /** Alerts of the devices that were live at some time in [$2, $3): opened before its end, not cleared before its start. */
  private static final String OVERLAPPING = "SELECT " + COLUMNS + " FROM alerts WHERE device_id = ANY($1)"
      + " AND opened_at < $3 AND (cleared_at IS NULL OR cleared_at >= $2) ORDER BY opened_at, id LIMIT $4";
  private static final String OPEN_BY_SEVERITY = "SELECT severity, count(*) AS n FROM alerts WHERE state = 'open' "
      + "GROUP BY severity";

  private final Pool pool;

  public AlertStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Opens a new live alert, or repeats the live one of the same device, kind and metric: occurrences
   * + 1, severity the higher of the two, latest value/threshold/score/explanation/message, updated_at
   * now. An acked alert stays acked when repeated. Returns the alert as it now is.
   */
  public Future<Alert> raise(NewAlert a) {
    Tuple args = Tuple.of(a.deviceId(), a.kind(), a.metric(), a.ruleId(), a.severity().wire(), a.message())
        .addValue(a.value()).addValue(a.threshold()).addValue(a.score()).addValue(a.explanation());
    return pool.preparedQuery(RAISE).execute(args).map(rows -> toAlert(rows.iterator().next()));
  }

  /** Clears the live alert of device/kind/metric ("" for device-wide); empty when there was none. */
  public Future<Optional<Alert>> clearLive(String deviceId, String kind, String metric) {
    return one(CLEAR_LIVE, Tuple.of(deviceId, kind, metric == null ? "" : metric));
  }

  public Future<Optional<Alert>> get(long id) {
    return one(GET, Tuple.of(id));
  }

  /**
   * Acknowledges an open alert. Acking an alert that is already acked or cleared changes nothing and
   * returns it as it is (idempotent, so a double click is harmless); empty when no such alert.
   */
  public Future<Optional<Alert>> ack(long id) {
    return one(ACK, Tuple.of(id)).compose(done -> done.isPresent() ? Future.succeededFuture(done) : get(id));
  }

  /** Clears an open or acked alert; an already cleared one is returned unchanged; empty when no such alert. */
  public Future<Optional<Alert>> clear(long id) {
    return one(CLEAR, Tuple.of(id)).compose(done -> done.isPresent() ? Future.succeededFuture(done) : get(id));
  }

  /** {@code {"items": [alert json...], "total": n, "limit": l, "offset": o}}, newest opened first. */
  public Future<JsonObject> list(AlertFilter f) {
    Tuple where = Tuple.of(f.severity(), f.state(), f.deviceId(), timestamp(f.from()), timestamp(f.to()));
    Tuple listArgs = Tuple.of(f.severity(), f.state(), f.deviceId(), timestamp(f.from()), timestamp(f.to()))
        .addInteger(f.limit()).addInteger(f.offset());
    Future<RowSet<Row>> items = pool.preparedQuery(LIST).execute(listArgs);
    Future<RowSet<Row>> count = pool.preparedQuery(COUNT).execute(where);
    return Future.all(items, count).map(done -> {
      JsonArray json = new JsonArray();
      items.result().forEach(row -> json.add(toAlert(row).toJson()));
      long total = count.result().iterator().next().getLong("total");
      return new JsonObject().put("items", json).put("total", total).put("limit", f.limit())
          .put("offset", f.offset());
    });
  }

  /** At most {@code limit} alerts of {@code deviceIds} live at some time in {@code [from, to)}, oldest first. */
  public Future<List<Alert>> overlapping(List<String> deviceIds, Instant from, Instant to, int limit) {
    Tuple args = Tuple.of(deviceIds.toArray(String[]::new), timestamp(from), timestamp(to), limit);
    return pool.preparedQuery(OVERLAPPING).execute(args).map(AlertStore::toAlerts);
  }

  /** Live (open or acked) alerts of one kind: lets a restarted alert verticle resume its hysteresis. */
  public Future<List<Alert>> live(String kind) {
    return pool.preparedQuery(LIVE).execute(Tuple.of(kind)).map(AlertStore::toAlerts);
  }

  /** Alerts in state open (not acked, not cleared) per severity: {@code {"low":0,"medium":2,"high":0,"critical":1}}. */
  public Future<JsonObject> countOpenBySeverity() {
    return pool.query(OPEN_BY_SEVERITY).execute().map(rows -> {
      JsonObject counts = new JsonObject().put("low", 0L).put("medium", 0L).put("high", 0L).put("critical", 0L);
      rows.forEach(row -> counts.put(row.getString("severity"), row.getLong("n")));
      return counts;
    });
  }

  private Future<Optional<Alert>> one(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args)
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toAlert(rows.iterator().next())));
  }

  private static List<Alert> toAlerts(RowSet<Row> rows) {
    List<Alert> alerts = new ArrayList<>(rows.size());
    rows.forEach(row -> alerts.add(toAlert(row)));
    return alerts;
  }

  static Alert toAlert(Row row) {
    Object explanation = row.getValue("explanation");
    return new Alert(row.getLong("id"), row.getString("device_id"), row.getString("kind"), row.getString("metric"),
        row.getLong("rule_id"), row.getString("severity"), row.getString("state"), row.getString("message"),
        row.getDouble("value"), row.getDouble("threshold"), row.getDouble("score"),
        explanation instanceof JsonArray array ? array : new JsonArray(), row.getInteger("occurrences"),
        instant(row, "opened_at"), instant(row, "updated_at"), instant(row, "acked_at"), instant(row, "cleared_at"));
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime t = row.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime timestamp(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
