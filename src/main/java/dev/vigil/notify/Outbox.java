package dev.vigil.notify;

import dev.vigil.alert.Severity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL for {@code alert_transitions} and {@code notification_outbox}. Every step is safe with several
 * instances draining the same tables: rows are taken with {@code FOR UPDATE SKIP LOCKED}, a delivery
 * exists once per (transition, channel), and a claimed delivery is leased (its next attempt moved past
 * the send timeout) rather than marked, so that an instance dying mid-send gives it back by itself.
 * One alert's notifications reach a channel in order: a clear never overtakes its opening.
 */
public final class Outbox {

  private static final String UNROUTED = "SELECT id, transition, severity, alert FROM alert_transitions "
      + "WHERE NOT routed ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED";
  private static final String ENQUEUE = "INSERT INTO notification_outbox (transition_id, channel_id) "
      + "SELECT * FROM unnest($1::bigint[], $2::bigint[]) ON CONFLICT DO NOTHING";
  private static final String MARK_ROUTED = "UPDATE alert_transitions SET routed = true WHERE id = ANY($1::bigint[])";
  /** Due, on an enabled channel, and not behind an earlier pending delivery of the same alert to the same channel. */
  private static final String CLAIM = "WITH due AS (SELECT o.id FROM notification_outbox o "
      + "JOIN notification_channels c ON c.id = o.channel_id JOIN alert_transitions t ON t.id = o.transition_id "
      + "WHERE o.state = 'pending' AND c.enabled AND o.next_attempt_at <= now() AND NOT EXISTS ("
      + "SELECT 1 FROM alert_transitions et JOIN notification_outbox e ON e.transition_id = et.id "
      + "WHERE et.alert_id = t.alert_id AND et.id < t.id AND e.channel_id = o.channel_id AND e.state = 'pending') "
      + "ORDER BY o.next_attempt_at, o.id LIMIT $1 FOR UPDATE OF o SKIP LOCKED) "
      + "UPDATE notification_outbox o SET next_attempt_at = now() + make_interval(secs => $2) "
      + "FROM due, alert_transitions t, notification_channels c "
      + "WHERE o.id = due.id AND t.id = o.transition_id AND c.id = o.channel_id "
      + "RETURNING o.id, o.attempts, t.id AS transition_id, t.transition, t.severity, t.alert, c.id AS channel_id, c.spec";
  private static final String SENT = "UPDATE notification_outbox SET state = 'sent', sent_at = now(), "
      + "attempts = attempts + 1, held = NULL, last_error = NULL WHERE id = $1";
  private static final String RETRY = "UPDATE notification_outbox SET attempts = attempts + 1, held = NULL, "
      + "last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1";
  private static final String FAILED = "UPDATE notification_outbox SET state = 'failed', attempts = attempts + 1, "
      + "held = NULL, last_error = $2 WHERE id = $1";
  private static final String HOLD = "UPDATE notification_outbox SET held = $2, next_attempt_at = $3 WHERE id = $1";
  private static final String RECENT_SENDS = "SELECT channel_id, sent_at FROM notification_outbox "
      + "WHERE state = 'sent' AND channel_id = ANY($1::bigint[]) AND sent_at > now() - make_interval(secs => $2)";
  private static final String LOG = "SELECT o.id, o.state, o.attempts, o.next_attempt_at, o.last_error, o.held, "
      + "o.created_at, o.sent_at, c.id AS channel_id, c.name AS channel, t.transition, t.severity, t.alert_id, "
      + "t.alert->>'device_id' AS device_id, t.alert->>'message' AS message FROM notification_outbox o "
      + "JOIN notification_channels c ON c.id = o.channel_id JOIN alert_transitions t ON t.id = o.transition_id "
      + "WHERE ($1::bigint IS NULL OR o.channel_id = $1) AND ($2::text IS NULL OR o.state = $2) "
      + "ORDER BY o.id DESC LIMIT $3 OFFSET $4";
  private static final String PRUNE = "DELETE FROM alert_transitions t WHERE t.at < now() - make_interval(days => $1) "
      + "AND t.routed AND NOT EXISTS (SELECT 1 FROM notification_outbox o WHERE o.transition_id = t.id "
      + "AND o.state = 'pending')";

  private final Pool pool;
  private final ChannelStore channels;

  public Outbox(Pool pool) {
    this.pool = pool;
    this.channels = new ChannelStore(pool);
  }

  /**
   * Routes up to {@code limit} new transitions to the enabled channels whose {@link Routing} matches,
   * in one transaction: the deliveries and the transitions' routed mark commit together. Returns the
   * number of transitions routed.
   */
  Future<Integer> route(int limit) {
    return pool.withTransaction(tx -> tx.preparedQuery(UNROUTED).execute(Tuple.of(limit)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(0);
      }
      List<Transition> transitions = new ArrayList<>();
      rows.forEach(row -> transitions.add(toTransition(row, "id")));
      return channels.enabled(tx).compose(enabled -> enqueue(tx, transitions, enabled)).map(transitions.size());
    }));
  }

  private Future<Void> enqueue(SqlClient tx, List<Transition> transitions, List<Channel> enabled) {
    List<Long> transitionIds = new ArrayList<>();
    List<Long> channelIds = new ArrayList<>();
    for (Transition t : transitions) {
      for (Channel c : enabled) {
        if (c.routing().matches(t.alert(), t.severity())) {
          transitionIds.add(t.id());
          channelIds.add(c.id());
        }
      }
    }
    Long[] routed = transitions.stream().map(Transition::id).toArray(Long[]::new);
    return tx.preparedQuery(ENQUEUE).execute(Tuple.tuple().addArrayOfLong(transitionIds.toArray(Long[]::new))
            .addArrayOfLong(channelIds.toArray(Long[]::new)))
        .compose(v -> tx.preparedQuery(MARK_ROUTED).execute(Tuple.tuple().addArrayOfLong(routed)))
        .mapEmpty();
  }

  /** Claims up to {@code limit} due deliveries for {@code lease}: no other sender takes them meanwhile. */
  Future<List<Delivery>> claim(int limit, Duration lease) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, seconds(lease))).compose(rows -> {
      List<Delivery> out = new ArrayList<>(rows.size());
      List<Future<Void>> unsendable = new ArrayList<>();
      for (Row row : rows) {
        try {
          out.add(new Delivery(row.getLong("id"), row.getInteger("attempts"), toTransition(row, "transition_id"),
              ChannelStore.toChannel(row.getLong("channel_id"), row.getJsonObject("spec"))));
        } catch (InvalidChannelException e) {
          unsendable.add(failed(row.getLong("id"), "channel settings no longer valid: " + e.getMessage()));
        }
      }
      return Future.join(unsendable).transform(ignored -> Future.succeededFuture(out));
    });
  }

  Future<Void> sent(long id) {
    return pool.preparedQuery(SENT).execute(Tuple.of(id)).mapEmpty();
  }

  Future<Void> retry(long id, String error, Duration after) {
    return pool.preparedQuery(RETRY).execute(Tuple.of(id, error, seconds(after))).mapEmpty();
  }

  Future<Void> failed(long id, String error) {
    return pool.preparedQuery(FAILED).execute(Tuple.of(id, error)).mapEmpty();
  }

  /** Puts a delivery back without counting an attempt, due at {@code until}. */
  Future<Void> hold(long id, String why, Instant until) {
    return pool.preparedQuery(HOLD).execute(Tuple.of(id, why, OffsetDateTime.ofInstant(until, ZoneOffset.UTC)))
        .mapEmpty();
  }

  /** Per channel, when its deliveries of the last {@code window} were sent (for rate limits). */
  Future<Map<Long, List<Instant>>> recentSends(List<Long> channelIds, Duration window) {
    Tuple args = Tuple.tuple().addArrayOfLong(channelIds.toArray(Long[]::new)).addValue(seconds(window));
    return pool.preparedQuery(RECENT_SENDS).execute(args).map(rows -> {
      Map<Long, List<Instant>> out = new HashMap<>();
      rows.forEach(row -> out.computeIfAbsent(row.getLong("channel_id"), k -> new ArrayList<>())
          .add(row.getOffsetDateTime("sent_at").toInstant()));
      return out;
    });
  }

  /** The delivery log, newest first: {@code {"items": [...], "limit", "offset"}}. */
  public Future<JsonObject> log(Long channelId, String state, int limit, int offset) {
    return pool.preparedQuery(LOG).execute(Tuple.of(channelId, state, limit, offset)).map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(row -> items.add(logEntry(row)));
      return new JsonObject().put("items", items).put("limit", limit).put("offset", offset);
    });
  }

  /** Forgets routed transitions older than {@code days} days whose deliveries are all done, and those deliveries. */
  Future<Integer> prune(int days) {
    return pool.preparedQuery(PRUNE).execute(Tuple.of(days)).map(RowSet::rowCount);
  }

  private static JsonObject logEntry(Row row) {
    return new JsonObject().put("id", row.getLong("id")).put("state", row.getString("state"))
        .put("attempts", row.getInteger("attempts")).put("nextAttemptAt", iso(row, "next_attempt_at"))
        .put("lastError", row.getString("last_error")).put("held", row.getString("held"))
        .put("createdAt", iso(row, "created_at")).put("sentAt", iso(row, "sent_at"))
        .put("channelId", row.getLong("channel_id")).put("channel", row.getString("channel"))
        .put("event", row.getString("transition")).put("severity", row.getString("severity"))
        .put("alertId", row.getLong("alert_id")).put("deviceId", row.getString("device_id"))
        .put("message", row.getString("message"));
  }

  private static Transition toTransition(Row row, String idColumn) {
    Severity severity = Severity.parse(row.getString("severity")).orElse(Severity.LOW);
    return new Transition(row.getLong(idColumn), row.getString("transition"), severity,
        Transition.alertFromRow(row.getJsonObject("alert")));
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private static String iso(Row row, String column) {
    OffsetDateTime t = row.getOffsetDateTime(column);
    return t == null ? null : t.toInstant().toString();
  }
}
