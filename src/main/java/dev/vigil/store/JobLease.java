package dev.vigil.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.UUID;

/**
 * A lease on a named periodic job in {@code job_leases}, so that one instance of a cluster runs it at a
 * time: taken when free or expired, renewed by its holder, never waited for. For jobs whose work is
 * idempotent, where a lease lost to a slow holder costs repeated work, not wrong rows.
 */
public final class JobLease {

  private static final String TAKE = """
      INSERT INTO job_leases (name, holder, until) VALUES ($1, $2, now() + make_interval(secs => $3))
      ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
       WHERE job_leases.until < now() OR job_leases.holder = EXCLUDED.holder
      RETURNING holder""";

  private final Pool pool;
  private final String name;
  private final String holder = UUID.randomUUID().toString();

  public JobLease(Pool pool, String name) {
    this.pool = pool;
    this.name = name;
  }

  /** True when this instance holds the lease for the next {@code length} (taken or renewed now). */
  public Future<Boolean> take(Duration length) {
    return pool.preparedQuery(TAKE).execute(Tuple.of(name, holder, (double) length.toSeconds()))
        .map(rows -> rows.size() == 1);
  }
}
