package dev.vigil.store;

/**
 * @param pgUri        postgresql://user[:password]@host:port/database
 * @param poolSize     connections in the shared pool
 * @param batchSize    most readings in one INSERT
 * @param batchDelayMs 0: group commit (write as soon as the previous batch committed); above 0: also wait this long for a batch to fill
 * @param maxPending   readings waiting for the database before new ones are refused (and not acknowledged)
 */
public record StoreConfig(String pgUri, int poolSize, int batchSize, long batchDelayMs, int maxPending) {
}
