package dev.vigil.store;

import dev.vigil.alert.Rule;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for the rules table. A rule's identity is (device or all, metric, operator, value): a second
 * rule with the same identity is refused with {@link DuplicateRuleException}.
 */
public final class RuleStore {

  private static final String COLUMNS = "id, device_id, metric, operator, value, severity, enabled";
  private static final String LIST = "SELECT " + COLUMNS + " FROM rules ORDER BY id";
  private static final String GET = "SELECT " + COLUMNS + " FROM rules WHERE id = $1";
  private static final String CREATE = "INSERT INTO rules (device_id, metric, operator, value, severity, enabled) "
      + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS;
  private static final String SEED = "INSERT INTO rules (device_id, metric, operator, value, severity, enabled) "
      + "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";
  private static final String UPDATE = "UPDATE rules SET device_id = $2, metric = $3, operator = $4, value = $5, "
      + "severity = $6, enabled = $7, updated_at = now() WHERE id = $1 RETURNING " + COLUMNS;
  private static final String DELETE = "DELETE FROM rules WHERE id = $1";
  private static final String UNIQUE_VIOLATION = "23505";

  private final Pool pool;

  public RuleStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Rule>> list() {
    return pool.query(LIST).execute().map(rows -> {
      List<Rule> rules = new ArrayList<>(rows.size());
      rows.forEach(row -> rules.add(toRule(row)));
      return rules;
    });
  }

  public Future<Optional<Rule>> get(long id) {
    return pool.preparedQuery(GET).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRule(rows.iterator().next())));
  }

  /** Stores a new rule (its id, if any, is ignored); fails with {@link DuplicateRuleException} on a duplicate. */
  public Future<Rule> create(Rule r) {
    return pool.preparedQuery(CREATE).execute(values(r))
        .map(rows -> toRule(rows.iterator().next()))
        .recover(e -> duplicateOr(e, r));
  }

  /** Replaces rule {@code id} with {@code r}'s fields; empty when no such rule; may fail as a duplicate. */
  public Future<Optional<Rule>> update(long id, Rule r) {
    Tuple args = Tuple.of(id, r.deviceId(), r.metric(), r.operator(), r.value(), r.severity()).addBoolean(r.enabled());
    return pool.preparedQuery(UPDATE).execute(args)
        .map(rows -> rows.size() == 0 ? Optional.<Rule>empty() : Optional.of(toRule(rows.iterator().next())))
        .recover(e -> duplicateOr(e, r));
  }

  /** True when a rule was deleted. Alerts it raised keep their history (rule_id becomes null). */
  public Future<Boolean> delete(long id) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(id)).map(rows -> rows.rowCount() > 0);
  }

  /** Inserts the rules that do not exist yet (same identity); existing ones are left as they are. */
  public Future<Void> seed(List<Rule> rules) {
    if (rules.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = rules.stream().map(RuleStore::values).toList();
    return pool.preparedQuery(SEED).executeBatch(batch).mapEmpty();
  }

  private static Tuple values(Rule r) {
    return Tuple.of(r.deviceId(), r.metric(), r.operator(), r.value(), r.severity(), r.enabled());
  }

  private static <T> Future<T> duplicateOr(Throwable e, Rule r) {
    if (e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
      return Future.failedFuture(new DuplicateRuleException("a rule '" + r.describe() + "' already exists for "
          + (r.deviceId() == null ? "all devices" : "device " + r.deviceId())));
    }
    return Future.failedFuture(e);
  }

  private static Rule toRule(Row row) {
    return new Rule(row.getLong("id"), row.getString("device_id"), row.getString("metric"),
        row.getString("operator"), row.getDouble("value"), row.getString("severity"), row.getBoolean("enabled"));
  }
}
