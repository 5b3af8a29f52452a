package dev.vigil.notify;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for {@code notification_channels}: the validated channel is kept whole as {@code spec}. */
public final class ChannelStore {

  private static final String COLUMNS = "id, spec";
  private static final String LIST = "SELECT " + COLUMNS + " FROM notification_channels ORDER BY id";
  private static final String ENABLED = "SELECT " + COLUMNS + " FROM notification_channels WHERE enabled ORDER BY id";
  private static final String GET = "SELECT " + COLUMNS + " FROM notification_channels WHERE id = $1";
  private static final String CREATE = "INSERT INTO notification_channels (name, type, enabled, spec) "
      + "VALUES ($1, $2, $3, $4) RETURNING " + COLUMNS;
  private static final String UPDATE = "UPDATE notification_channels SET name = $2, type = $3, enabled = $4, "
      + "spec = $5, updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;
  private static final String DELETE = "DELETE FROM notification_channels WHERE id = $1";
  private static final String UNIQUE_VIOLATION = "23505";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChannelStore.class);

  private final Pool pool;

  public ChannelStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Channel>> list() {
    return pool.query(LIST).execute().map(ChannelStore::toChannels);
  }

  /** Channels that take new deliveries. */
  Future<List<Channel>> enabled(io.vertx.sqlclient.SqlClient client) {
    return client.query(ENABLED).execute().map(ChannelStore::toChannels);
  }

  public Future<Optional<Channel>> get(long id) {
    return pool.preparedQuery(GET).execute(Tuple.of(id)).map(ChannelStore::first);
  }

  /** Stores a new channel; fails with {@link DuplicateChannelException} when its name is taken. */
  public Future<Channel> create(Channel c) {
    return pool.preparedQuery(CREATE).execute(Tuple.of(c.name(), c.type().wire(), c.enabled(), c.specJson()))
        .map(rows -> toChannel(rows.iterator().next()))
        .recover(e -> Future.failedFuture(translate(e, c.name())));
  }

  /** Replaces a channel (a secret shown as "(set)" keeps its stored value); empty when there is none. */
  public Future<Optional<Channel>> update(long id, Channel submitted) {
    return get(id).compose(stored -> {
      if (stored.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      Channel c = submitted.keepingSecretsOf(stored.get());
      return pool.preparedQuery(UPDATE)
          .execute(Tuple.of(id, c.name(), c.type().wire(), c.enabled(), c.specJson()))
          .map(ChannelStore::first)
          .recover(e -> Future.failedFuture(translate(e, c.name())));
    });
  }

  /** Deletes a channel and its deliveries; false when there was none. */
  public Future<Boolean> delete(long id) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0);
  }

  private static Throwable translate(Throwable e, String name) {
    return e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
        ? new DuplicateChannelException(name) : e;
  }

  private static Optional<Channel> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toChannel(rows.iterator().next()));
  }

  /**
   * Every channel whose stored spec still passes validation; one that no longer does (stored by an
   * older version with laxer rules) is left out with a warning rather than failing the whole list,
   * which would stop every notification.
   */
  private static List<Channel> toChannels(RowSet<Row> rows) {
    List<Channel> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      try {
        out.add(toChannel(row));
      } catch (InvalidChannelException e) {
        LOG.warn("channel {} is skipped: its stored settings are no longer valid ({}); edit it", row.getLong("id"),
            e.getMessage());
      }
    }
    return out;
  }

  static Channel toChannel(Row row) {
    return toChannel(row.getLong("id"), row.getJsonObject("spec"));
  }

  static Channel toChannel(long id, io.vertx.core.json.JsonObject spec) {
    return Channel.fromJson(id, spec);
  }
}
