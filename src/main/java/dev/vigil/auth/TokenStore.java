package dev.vigil.auth;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for API tokens. A token is {@code vigil_} and 256 random bits; only its SHA-256 is stored. Use is
 * recorded in {@code last_used_at} at most once a minute per token, so that a busy client does not turn
 * every read into a write.
 */
public final class TokenStore {

  public static final String PREFIX = "vigil_";

  private static final String COLUMNS = "id, name, role, created_at, created_by, last_used_at, revoked_at";
  private static final String CREATE = "INSERT INTO api_tokens (name, role, token_hash, created_by) "
      + "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING " + COLUMNS;
  private static final String LIST = "SELECT " + COLUMNS + " FROM api_tokens ORDER BY revoked_at IS NOT NULL, id";
  private static final String FIND = "SELECT " + COLUMNS + " FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL";
  private static final String TOUCH = "UPDATE api_tokens SET last_used_at = now() WHERE id = $1";
  private static final String REVOKE = "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 "
      + "RETURNING " + COLUMNS;
  private static final long TOUCH_EVERY_S = 60;

  /** A token just made: the secret (shown once) and its listing. */
  public record Created(String token, ApiToken info) {
  }

  private final Pool pool;

  public TokenStore(Pool pool) {
    this.pool = pool;
  }

  /** The new token, or empty when a live token already has this name. */
  public Future<Optional<Created>> create(String name, Role role, String createdBy) {
    String token = PREFIX + Secrets.token();
    Tuple args = Tuple.of(name, role.wire(), Buffer.buffer(Secrets.digest(token)), createdBy);
    return pool.preparedQuery(CREATE).execute(args).map(rows -> rows.size() == 0 ? Optional.<Created>empty()
        : Optional.of(new Created(token, toToken(rows.iterator().next()))));
  }

  public Future<List<ApiToken>> list() {
    return pool.query(LIST).execute().map(rows -> {
      List<ApiToken> tokens = new ArrayList<>(rows.size());
      rows.forEach(row -> tokens.add(toToken(row)));
      return tokens;
    });
  }

  /** The live token {@code token} stands for (its use recorded), or empty when unknown or revoked. */
  public Future<Optional<ApiToken>> use(String token) {
    return pool.preparedQuery(FIND).execute(Tuple.of(Buffer.buffer(Secrets.digest(token)))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(Optional.empty());
      }
      ApiToken found = toToken(rows.iterator().next());
      boolean stale = found.lastUsedAt() == null
          || found.lastUsedAt().toInstant().isBefore(java.time.Instant.now().minusSeconds(TOUCH_EVERY_S));
      return stale ? pool.preparedQuery(TOUCH).execute(Tuple.of(found.id())).map(v -> Optional.of(found))
          : Future.succeededFuture(Optional.of(found));
    });
  }

  /** Revokes token {@code id} (again is harmless); empty when there is no such token. */
  public Future<Optional<ApiToken>> revoke(long id) {
    return pool.preparedQuery(REVOKE).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toToken(rows.iterator().next())));
  }

  private static ApiToken toToken(Row row) {
    return new ApiToken(row.getLong("id"), row.getString("name"), Role.parse(row.getString("role")).orElseThrow(),
        row.getOffsetDateTime("created_at"), row.getString("created_by"), row.getOffsetDateTime("last_used_at"),
        row.getOffsetDateTime("revoked_at"));
  }
}
