package dev.vigil.auth;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Optional;

/**
 * Browser sessions in PostgreSQL (docs/decisions.md): any instance behind the same address finds any
 * session, a logout or a deleted user ends it everywhere at once, and nothing signs cookies, so no
 * secret has to be shared between instances. The cookie holds 256 random bits; the table only their
 * SHA-256, so a copy of the database opens no session.
 */
public final class SessionStore {

  /** How long a session lasts after the login (then the page asks to log in again). */
  public static final Duration LIFETIME = Duration.ofDays(7);

  private static final String CREATE = "INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) "
      + "VALUES ($1, $2, $3, now() + make_interval(secs => $4))";
  private static final String FIND = "SELECT u.id, u.name, u.role, u.must_change_password, s.csrf_token "
      + "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > now()";
  private static final String DELETE = "DELETE FROM sessions WHERE id_hash = $1";
  private static final String DELETE_OTHERS = "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2";
  private static final String PURGE = "DELETE FROM sessions WHERE expires_at <= now()";

  /** A session just opened: the value for the cookie and the token the page sends with writes. */
  public record Opened(String cookieValue, String csrfToken) {
  }

  private final Pool pool;

  public SessionStore(Pool pool) {
    this.pool = pool;
  }

  /** Opens a session for {@code userId} (and drops expired ones of everybody, so the table stays small). */
  public Future<Opened> open(long userId) {
    String id = Secrets.token();
    String csrf = Secrets.token();
    Tuple args = Tuple.of(Buffer.buffer(Secrets.digest(id)), userId, csrf, (double) LIFETIME.toSeconds());
    return pool.query(PURGE).execute()
        .compose(v -> pool.preparedQuery(CREATE).execute(args))
        .map(v -> new Opened(id, csrf));
  }

  /** The principal of a live session, or empty when the id is unknown or expired. */
  public Future<Optional<Principal>> find(String cookieValue) {
    byte[] digest = Secrets.digest(cookieValue);
    return pool.preparedQuery(FIND).execute(Tuple.of(Buffer.buffer(digest))).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Principal(Principal.Kind.SESSION, row.getString("name"),
          Role.parse(row.getString("role")).orElseThrow(), row.getLong("id"), row.getString("csrf_token"), digest,
          row.getBoolean("must_change_password")));
    });
  }

  public Future<Void> close(String cookieValue) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(Buffer.buffer(Secrets.digest(cookieValue)))).mapEmpty();
  }

  /** Ends every other session of the user (after a password change). */
  public Future<Void> closeOthers(long userId, byte[] keptDigest) {
    return pool.preparedQuery(DELETE_OTHERS).execute(Tuple.of(userId, Buffer.buffer(keptDigest))).mapEmpty();
  }
}
