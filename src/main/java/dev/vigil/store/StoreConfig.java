package dev.vigil.store;

/**
 * @param pgUri        postgresql://user[:password]@host:port/database
 * @param poolSize     connections in the shared pool
 * @param batchSize    most readings in one INSERT
 * @param batchDelayMs 0: group commit (write as soon as the previous batch committed); above 0: also wait this long for a batch to fill
 * @param maxPending   readings waiting for the database before new ones are refused (and not acknowledged)
 * @param bandEveryMs  a device's recent rows keep their expected band at most once per this many ms of its own
 *                     time, and on every anomaly ({@link BandSampler}); 0: on every reading
 */
public record StoreConfig(String pgUri, int poolSize, int batchSize, long batchDelayMs, int maxPending,
    long bandEveryMs) {

  public static final long DEFAULT_BAND_EVERY_MS = BandSampler.DEFAULT_EVERY_MILLIS;

  /** With the default band interval. */
  public StoreConfig(String pgUri, int poolSize, int batchSize, long batchDelayMs, int maxPending) {
    this(pgUri, poolSize, batchSize, batchDelayMs, maxPending, DEFAULT_BAND_EVERY_MS);
  }
}
