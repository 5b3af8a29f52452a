-- Issue 11, "at most ~20 bytes per data point": compacted blocks no longer keep the expected band of every
-- reading (24 of the 65 bytes a reading took in a block at 3 metrics, float4 and incompressible). The band
-- stays where it is needed (docs/decisions.md, "Readings storage"):
--  * recent rows keep it (the live chart and the last 2 hours);
--  * the minute rollups keep its sums per minute (charts of older ranges), and a minute recomputed after its
--    readings were compacted keeps the band it had (store.RollupJob);
--  * an anomalous reading keeps it in its explanation (expectedLow/expectedHigh of every metric, the same
--    doubles the band was cast from), so a block answers the band of its anomalous readings exactly, at no cost.
-- Existing blocks lose the band of their other readings here.
-- Blocks also keep received_at as microseconds after ts (int8[], exact to the microsecond timestamptz holds,
-- any distance) instead of timestamptz[]: 3.2 instead of 5.5 bytes a reading once compressed, as a device's
-- delay varies little while the instants themselves do not repeat.

-- Microseconds from t to later, exactly (extract on an interval is numeric since PostgreSQL 14).
CREATE FUNCTION vigil_micros_after(t timestamptz, later timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT (extract(epoch FROM later - t) * 1000000)::bigint
$$;

-- The view unpacks whole block rows, so it goes while the columns do. Every block is rewritten once here (the
-- old copies' space is reused once vacuumed, and returned when retention drops their day partitions).
DROP VIEW readings;
ALTER TABLE readings_blocks ADD COLUMN received_after bigint[];
UPDATE readings_blocks SET received_after = ARRAY(
  SELECT vigil_micros_after(t, r) FROM unnest(ts, received_at) WITH ORDINALITY AS u(t, r, i) ORDER BY i);
ALTER TABLE readings_blocks ALTER COLUMN received_after SET NOT NULL;
ALTER TABLE readings_blocks DROP COLUMN received_at, DROP COLUMN expected;

-- The band of an anomalous reading from its explanation, as real[] low/high pairs in the order of `names`
-- (NULL pairs for a metric without one, NULL when no metric has one), exactly as the writer stored it:
-- the explanation holds each bound as the shortest text of its double, which reads back to the same double,
-- and the writer cast that double to float4 as float8 -> real does. Only a finite, ordered pair counts, as in
-- ScoredReading.Range.valid.
CREATE FUNCTION vigil_explained_band(names text[], explanation jsonb) RETURNS real[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN count(c.low) > 0 THEN
           array_agg(CASE p.side WHEN 1 THEN c.low ELSE c.high END ORDER BY u.i, p.side) END
    FROM unnest(names) WITH ORDINALITY AS u(name, i)
    CROSS JOIN generate_series(1, 2) AS p(side)
    LEFT JOIN LATERAL (
      SELECT (e ->> 'expectedLow')::float8::real AS low, (e ->> 'expectedHigh')::float8::real AS high
        FROM jsonb_array_elements(CASE jsonb_typeof(explanation) WHEN 'array' THEN explanation ELSE '[]' END) e
       WHERE e ->> 'metric' = u.name
         AND CASE WHEN jsonb_typeof(e -> 'expectedLow') = 'number' AND jsonb_typeof(e -> 'expectedHigh') = 'number'
                  THEN (e ->> 'expectedLow')::float8 <= (e ->> 'expectedHigh')::float8 ELSE false END
       LIMIT 1) c ON true
$$;

-- As in V7, with received_at rebuilt from ts, the band of anomalous readings from their explanation and NULL
-- for the others.
CREATE OR REPLACE FUNCTION vigil_unpack_block(b readings_blocks)
  RETURNS TABLE (ts timestamptz, seq bigint, received_at timestamptz, score double precision, model_version integer,
                 anomalous boolean, vals float8[], expected real[], explanation jsonb)
  LANGUAGE sql STABLE AS $$
  SELECT r.ts, r.seq, r.ts + interval '1 microsecond' * r.received_after, r.score, r.model_version, r.anomalous,
         v.vals,
         CASE WHEN r.anomalous THEN
           vigil_explained_band((SELECT s.names FROM metric_sets s WHERE s.key = b.metric_set), r.explanation) END,
         r.explanation
    FROM unnest(b.ts, b.seq, b.received_after, b.score, b.model_version, b.anomalous, b.explanation)
           WITH ORDINALITY AS r(ts, seq, received_after, score, model_version, anomalous, explanation, i)
    JOIN (SELECT (k - 1) / array_length(b.vals, 2) + 1 AS i, array_agg(x ORDER BY k) AS vals
            FROM unnest(b.vals) WITH ORDINALITY AS u(x, k) GROUP BY 1) v USING (i)
   ORDER BY r.i
$$;

-- As in V7, without the band and with received_at as microseconds after ts.
CREATE OR REPLACE FUNCTION vigil_compact_readings(before timestamptz) RETURNS bigint LANGUAGE sql AS $$
  WITH moved AS (
    DELETE FROM readings_recent WHERE ts < before
    RETURNING device, metric_set, ts, seq, received_at, score, model_version, anomalous, vals, explanation
  ), touched AS (
    SELECT DISTINCT device, metric_set, date_trunc('hour', ts, 'UTC') AS hour FROM moved
  ), old AS (
    DELETE FROM readings_blocks b USING touched t
     WHERE b.device = t.device AND b.metric_set = t.metric_set AND b.hour = t.hour
    RETURNING b.*
  ), merged AS (
    SELECT DISTINCT ON (device, metric_set, ts, seq) *
      FROM (SELECT * FROM moved
            UNION ALL
            SELECT o.device, o.metric_set, u.ts, u.seq, u.received_at, u.score, u.model_version, u.anomalous, u.vals,
                   u.explanation
              FROM old o CROSS JOIN LATERAL vigil_unpack_block(ROW(o.*)::readings_blocks) u) every
     ORDER BY device, metric_set, ts, seq
  ), blocks AS (
    INSERT INTO readings_blocks (device, metric_set, hour, n, anomalies, ts, seq, received_after, score, model_version,
                                 anomalous, explanation, vals)
    SELECT device, metric_set, date_trunc('hour', ts, 'UTC'), count(*), count(*) FILTER (WHERE anomalous),
           array_agg(ts ORDER BY ts, seq), array_agg(seq ORDER BY ts, seq),
           array_agg(vigil_micros_after(ts, received_at) ORDER BY ts, seq),
           array_agg(score ORDER BY ts, seq), array_agg(model_version ORDER BY ts, seq),
           array_agg(anomalous ORDER BY ts, seq), array_agg(explanation ORDER BY ts, seq),
           array_agg(vals ORDER BY ts, seq)
      FROM merged GROUP BY device, metric_set, date_trunc('hour', ts, 'UTC')
    RETURNING n
  )
  SELECT count(*) FROM moved
$$;

-- The pre-V7 shape again (as in V7): a compacted reading shows `expected` only when it was anomalous.
CREATE VIEW readings AS
SELECT k.id AS device_id, r.ts, r.seq, vigil_metrics_json(s.names, r.vals) AS metrics, r.score, r.anomalous,
       r.model_version, r.explanation, r.received_at, vigil_expected_json(s.names, r.expected) AS expected
  FROM (SELECT device, metric_set, ts, seq, received_at, score, model_version, anomalous, vals, expected, explanation
          FROM readings_recent
        UNION ALL
        SELECT b.device, b.metric_set, u.* FROM readings_blocks b CROSS JOIN LATERAL vigil_unpack_block(b) u) r
  JOIN device_keys k ON k.key = r.device
  JOIN metric_sets s ON s.key = r.metric_set;
CREATE TRIGGER readings_view_insert INSTEAD OF INSERT ON readings
  FOR EACH ROW EXECUTE FUNCTION vigil_readings_view_insert();
