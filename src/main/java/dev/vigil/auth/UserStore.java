package dev.vigil.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for the users table. Hashes come in ready-made ({@link Passwords}); this class never sees a password. */
public final class UserStore {

  /** The first admin's name, created at the first start with users on. */
  public static final String FIRST_ADMIN = "admin";

  private static final String COLUMNS = "id, name, role, must_change_password, created_at";
  private static final String LIST = "SELECT " + COLUMNS + " FROM users ORDER BY name";
  private static final String CREDENTIALS = "SELECT " + COLUMNS + ", password_hash FROM users WHERE name = $1";
  private static final String CREATE = "INSERT INTO users (name, role, password_hash, must_change_password) "
      + "VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING " + COLUMNS;
  private static final String CREATE_FIRST = "INSERT INTO users (name, role, password_hash, must_change_password) "
      + "SELECT $1, 'admin', $2, true WHERE NOT EXISTS (SELECT 1 FROM users) ON CONFLICT (name) DO NOTHING RETURNING id";
  private static final String ANY = "SELECT EXISTS (SELECT 1 FROM users)";
  /** The last admin cannot lose the role (a concurrent second demotion could still win; admins are few). */
  private static final String UPDATE = "UPDATE users SET role = coalesce($2, role), "
      + "password_hash = coalesce($3, password_hash), must_change_password = coalesce($4, must_change_password) "
      + "WHERE name = $1 AND NOT (coalesce($2, 'admin') <> 'admin' AND role = 'admin' "
      + "AND (SELECT count(*) FROM users WHERE role = 'admin') <= 1) RETURNING " + COLUMNS;
  private static final String DELETE = "DELETE FROM users WHERE name = $1 AND NOT (role = 'admin' "
      + "AND (SELECT count(*) FROM users WHERE role = 'admin') <= 1)";
  private static final String EXISTS = "SELECT EXISTS (SELECT 1 FROM users WHERE name = $1)";

  /** A user and the stored hash of their password, for checking a login. */
  public record Credentials(User user, String passwordHash) {
  }

  private final Pool pool;

  public UserStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<User>> list() {
    return pool.query(LIST).execute().map(rows -> {
      List<User> users = new ArrayList<>(rows.size());
      rows.forEach(row -> users.add(toUser(row)));
      return users;
    });
  }

  public Future<Optional<Credentials>> credentials(String name) {
    return pool.preparedQuery(CREDENTIALS).execute(Tuple.of(name))
        .map(rows -> first(rows).map(row -> new Credentials(toUser(row), row.getString("password_hash"))));
  }

  /** The new user, or empty when the name is taken. */
  public Future<Optional<User>> create(String name, Role role, String passwordHash, boolean mustChangePassword) {
    return pool.preparedQuery(CREATE).execute(Tuple.of(name, role.wire(), passwordHash, mustChangePassword))
        .map(rows -> first(rows).map(UserStore::toUser));
  }

  /**
   * Creates {@link #FIRST_ADMIN} with a one-time password when there is no user at all; true when this
   * call created it (of several instances starting together, exactly one does).
   */
  public Future<Boolean> createFirstAdmin(String passwordHash) {
    return pool.preparedQuery(CREATE_FIRST).execute(Tuple.of(FIRST_ADMIN, passwordHash)).map(rows -> rows.size() == 1);
  }

  public Future<Boolean> any() {
    return pool.query(ANY).execute().map(rows -> rows.iterator().next().getBoolean(0));
  }

  /**
   * Changes what is not null; empty when there is no such user; fails with {@link LastAdminException} when
   * the change would take the role from the last admin.
   */
  public Future<Optional<User>> update(String name, Role role, String passwordHash, Boolean mustChangePassword) {
    Tuple args = Tuple.of(name, role == null ? null : role.wire(), passwordHash, mustChangePassword);
    return pool.preparedQuery(UPDATE).execute(args).compose(rows -> first(rows).isPresent()
        ? Future.succeededFuture(first(rows).map(UserStore::toUser))
        : exists(name).map(found -> {
          if (found) {
            throw new LastAdminException(name);
          }
          return Optional.empty();
        }));
  }

  /** False when there is no such user; fails with {@link LastAdminException} for the last admin. */
  public Future<Boolean> delete(String name) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(name)).compose(rows -> rows.rowCount() == 1
        ? Future.succeededFuture(true)
        : exists(name).map(found -> {
          if (found) {
            throw new LastAdminException(name);
          }
          return false;
        }));
  }

  private Future<Boolean> exists(String name) {
    return pool.preparedQuery(EXISTS).execute(Tuple.of(name)).map(rows -> rows.iterator().next().getBoolean(0));
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  static User toUser(Row row) {
    return new User(row.getLong("id"), row.getString("name"), Role.parse(row.getString("role")).orElseThrow(),
        row.getBoolean("must_change_password"), row.getOffsetDateTime("created_at"));
  }

  static String iso(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
