package dev.vigil.store;

import dev.vigil.ingest.Reading;
import dev.vigil.scoring.ScoredReading;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch of scored readings in one statement, so one round trip: the readings with their score,
 * explanation and expected ranges (idempotent on device, ts, seq: a redelivered reading is skipped, not
 * an error) and each device's last-seen state.
 * One statement is one transaction: both tables change together or not at all.
 */
final class ReadingWriter {

  private static final String INSERT_BATCH = """
      WITH batch AS (
        SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int8[], $4::text[], $5::float8[], $6::bool[],
                             $7::int4[], $8::text[], $9::timestamptz[], $10::text[]) WITH ORDINALITY
          AS b(device_id, ts, seq, metrics, score, anomalous, model_version, explanation, received_at, expected, ord)
      ), inserted AS (
        INSERT INTO readings (device_id, ts, seq, metrics, score, anomalous, model_version, explanation, received_at,
                              expected)
        SELECT device_id, ts, seq, metrics::jsonb, score, anomalous, model_version, explanation::jsonb, received_at,
               expected::jsonb
        FROM batch
        ON CONFLICT DO NOTHING
        RETURNING device_id, ts, seq
      ), seen AS (
        INSERT INTO devices AS d (id, first_seen, last_seen, status, status_since, last_metrics, last_score)
        SELECT id, seen_at, seen_at, 'online', seen_at, metrics::jsonb, score
        FROM unnest($11::text[], $12::timestamptz[], $13::text[], $14::float8[]) AS s(id, seen_at, metrics, score)
        ON CONFLICT (id) DO UPDATE SET
          last_seen = GREATEST(d.last_seen, EXCLUDED.last_seen),
          last_metrics = EXCLUDED.last_metrics,
          last_score = EXCLUDED.last_score,
          status = 'online',
          status_since = CASE WHEN d.status = 'online' THEN d.status_since ELSE EXCLUDED.status_since END
      )
      SELECT min(b.ord) AS ord FROM batch b JOIN inserted i USING (device_id, ts, seq)
      GROUP BY b.device_id, b.ts, b.seq
      """;

  private final Pool pool;

  ReadingWriter(Pool pool) {
    this.pool = pool;
  }

  /**
   * Stores the batch; the Future holds the positions (from 0) of the readings that were new. The
   * others were stored before: a redelivery, or a second copy within this batch.
   */
  Future<BitSet> write(List<ScoredReading> batch) {
    return pool.preparedQuery(INSERT_BATCH)
        .execute(parameters(batch))
        .map(rows -> {
          BitSet inserted = new BitSet(batch.size());
          rows.forEach(row -> inserted.set(row.getLong("ord").intValue() - 1));
          return inserted;
        });
  }

  private static Tuple parameters(List<ScoredReading> batch) {
    int n = batch.size();
    String[] ids = new String[n];
    OffsetDateTime[] ts = new OffsetDateTime[n];
    Long[] seqs = new Long[n];
    String[] metrics = new String[n];
    Double[] scores = new Double[n];
    Boolean[] anomalous = new Boolean[n];
    Integer[] versions = new Integer[n];
    String[] explanations = new String[n];
    OffsetDateTime[] received = new OffsetDateTime[n];
    String[] expected = new String[n];
    // The last reading of each device in arrival order is its latest state.
    Map<String, ScoredReading> lastByDevice = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      ScoredReading scored = batch.get(i);
      Reading r = scored.reading();
      ids[i] = r.deviceId();
      ts[i] = utc(r.ts());
      seqs[i] = r.seq();
      metrics[i] = metricsJson(r);
      scores[i] = scored.score();
      anomalous[i] = scored.anomalous();
      versions[i] = scored.modelVersion();
      explanations[i] = explanationJson(scored);
      received[i] = utc(r.receivedAt());
      expected[i] = expectedJson(scored);
      lastByDevice.put(r.deviceId(), scored);
    }
    Tuple tuple = Tuple.of(ids, ts, seqs, metrics, scores, anomalous, versions, explanations);
    tuple.addValue(received).addValue(expected);
    addDeviceColumns(tuple, lastByDevice);
    return tuple;
  }

  private static void addDeviceColumns(Tuple tuple, Map<String, ScoredReading> lastByDevice) {
    int n = lastByDevice.size();
    String[] ids = new String[n];
    OffsetDateTime[] seenAt = new OffsetDateTime[n];
    String[] metrics = new String[n];
    Double[] scores = new Double[n];
    int i = 0;
    for (ScoredReading scored : lastByDevice.values()) {
      ids[i] = scored.reading().deviceId();
      seenAt[i] = utc(scored.reading().receivedAt());
      metrics[i] = metricsJson(scored.reading());
      scores[i] = scored.score();
      i++;
    }
    tuple.addValue(ids).addValue(seenAt).addValue(metrics).addValue(scores);
  }

  private static String metricsJson(Reading reading) {
    return new JsonObject(new LinkedHashMap<>(reading.metrics())).encode();
  }

  /** The explanation as JSON, or null when there is none; non-finite bounds become null (jsonb refuses them). */
  static String explanationJson(ScoredReading scored) {
    if (scored.explanation().isEmpty()) {
      return null;
    }
    JsonArray array = new JsonArray();
    for (ScoredReading.Contribution c : scored.explanation()) {
      array.add(new JsonObject()
          .put("metric", c.metric())
          .put("value", finiteOrNull(c.value()))
          .put("expectedLow", finiteOrNull(c.expectedLow()))
          .put("expectedHigh", finiteOrNull(c.expectedHigh()))
          .put("share", finiteOrNull(c.share())));
    }
    return array.encode();
  }

  /** The expected ranges ({@link ScoredReading#expectedJson}), or null while warming up: a null costs no space. */
  static String expectedJson(ScoredReading scored) {
    if (scored.expected().isEmpty()) {
      return null;
    }
    return scored.expectedJson().encode();
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
