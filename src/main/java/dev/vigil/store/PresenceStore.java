package dev.vigil.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * devices.status / status_since. Every change is a conditional UPDATE that only matches when the status
 * really changes, so of several instances seeing the same event exactly one gets the change back and
 * acts on it (raises or clears the offline alert). Devices are created by the readings store; a status
 * for an unknown device is ignored.
 */
public final class PresenceStore {

  /** A device's status changed: the JSON published on {@code vigil.devices.status}. */
  public record StatusChange(String deviceId, String status, Instant at) {
    public JsonObject toJson() {
      return new JsonObject().put("deviceId", deviceId).put("status", status).put("at", at.toString());
    }
  }

  public static final String ONLINE = "online";
  public static final String OFFLINE = "offline";

  private static final String SET_STATUS = "UPDATE devices SET status = $2, status_since = now(), "
      + "last_seen = CASE WHEN $2 = 'online' THEN greatest(last_seen, now()) ELSE last_seen END "
      + "WHERE id = $1 AND status <> $2 RETURNING id, status, status_since";
  private static final String MARK_ONLINE = "UPDATE devices SET status = 'online', status_since = now(), "
      + "last_seen = greatest(last_seen, $2) WHERE id = $1 AND status = 'offline' RETURNING id, status, status_since";
  private static final String MARK_SILENT = "UPDATE devices SET status = 'offline', status_since = now() "
      + "WHERE status = 'online' AND last_seen < now() - make_interval(secs => $1) RETURNING id, status, status_since";
  private static final String OFFLINE_IDS = "SELECT id FROM devices WHERE status = 'offline'";
  private static final String ONLINE_WITH_OFFLINE_ALERT = "SELECT DISTINCT a.device_id FROM alerts a "
      + "JOIN devices d ON d.id = a.device_id WHERE a.kind = 'offline' AND a.state <> 'cleared' AND d.status = 'online'";

  private final Pool pool;

  public PresenceStore(Pool pool) {
    this.pool = pool;
  }

  /** Sets a device's status (online also refreshes last_seen); the change, or empty if it was already so. */
  public Future<Optional<StatusChange>> setStatus(String deviceId, String status) {
    return pool.preparedQuery(SET_STATUS).execute(Tuple.of(deviceId, status)).map(PresenceStore::first);
  }

  /** A reading arrived from a device marked offline: online again. Empty when it was not offline. */
  public Future<Optional<StatusChange>> markOnline(String deviceId, Instant seenAt) {
    return pool.preparedQuery(MARK_ONLINE).execute(Tuple.of(deviceId, OffsetDateTime.ofInstant(seenAt, ZoneOffset.UTC)))
        .map(PresenceStore::first);
  }

  /** Marks offline every online device silent for longer than {@code seconds}; returns those changes. */
  public Future<List<StatusChange>> markSilentOffline(long seconds) {
    return pool.preparedQuery(MARK_SILENT).execute(Tuple.of((double) seconds)).map(rows -> {
      List<StatusChange> changes = new ArrayList<>();
      rows.forEach(row -> changes.add(toChange(row)));
      return changes;
    });
  }

  public Future<Set<String>> offlineDevices() {
    return pool.query(OFFLINE_IDS).execute().map(rows -> ids(rows, "id"));
  }

  /** Devices back online (e.g. set so by the readings store) whose offline alert is still live. */
  public Future<Set<String>> onlineWithLiveOfflineAlert() {
    return pool.query(ONLINE_WITH_OFFLINE_ALERT).execute().map(rows -> ids(rows, "device_id"));
  }

  private static Set<String> ids(RowSet<Row> rows, String column) {
    Set<String> ids = new HashSet<>();
    rows.forEach(row -> ids.add(row.getString(column)));
    return ids;
  }

  private static Optional<StatusChange> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toChange(rows.iterator().next()));
  }

  private static StatusChange toChange(Row row) {
    return new StatusChange(row.getString("id"), row.getString("status"),
        row.getOffsetDateTime("status_since").toInstant());
  }
}
