package dev.vigil.bench;

import dev.vigil.store.PgPools;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;

/**
 * Disk per reading once the readings are compacted into per-device, per-hour blocks, which is how all but
 * the last couple of hours of history are kept (docs/decisions.md, "Readings storage"). The bench owns its
 * database, so after its phases it compacts every reading it stored with the function store.RetentionJob
 * calls, up to the end of the day of the newest one: their day partitions of recent rows are then emptied
 * (TRUNCATE), and the readings tables hold what the blocks take.
 */
final class CompactedDisk {

  /** The end of the UTC day of the newest recent reading. A statement of its own: TRUNCATE refuses a table in use. */
  private static final String CUTOFF = """
      SELECT coalesce(date_trunc('day', max(ts), 'UTC') + interval '1 day', '-infinity') AS cutoff
        FROM readings_recent""";
  private static final String COMPACT = "SELECT vigil_compact_recent($1) AS moved";

  private CompactedDisk() {
  }

  /** Compacts every recent reading; returns how many it moved. */
  static long compactAll(Vertx vertx, String pgUri) throws Exception {
    Pool pool = PgPools.create(vertx, pgUri, 1);
    try {
      Object cutoff = pool.query(CUTOFF).execute().await(1, TimeUnit.MINUTES).iterator().next().getValue("cutoff");
      return pool.preparedQuery(COMPACT).execute(Tuple.of(cutoff)).await(10, TimeUnit.MINUTES)
          .iterator().next().getLong("moved");
    } finally {
      pool.close().await(10, TimeUnit.SECONDS);
    }
  }
}
