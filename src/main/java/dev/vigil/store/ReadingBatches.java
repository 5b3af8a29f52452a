package dev.vigil.store;

import dev.vigil.scoring.ScoredReading;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.BitSet;
import java.util.List;

/**
 * The store's own batch write, for callers outside the store: the benchmark's PostgreSQL-alone
 * contender writes the same rows the same way as the store (with its default settings), whatever layout
 * {@link ReadingWriter} has.
 */
public final class ReadingBatches {

  private final ReadingWriter writer;

  public ReadingBatches(Pool pool) {
    this.writer = new ReadingWriter(pool, StoreConfig.DEFAULT_BAND_EVERY_MS);
  }

  /** Writes one batch in one statement; the Future holds how many of its readings were new. */
  public Future<Integer> write(List<ScoredReading> batch) {
    return writer.write(batch).map(BitSet::cardinality);
  }
}
