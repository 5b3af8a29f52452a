-- Bytes on disk per data point of the readings layout (V7, blocks without the band since V14; docs/benchmarks.md,
-- "Storage per data point").
-- Run on an empty database migrated to the latest version, e.g.:
--   createdb -h 127.0.0.1 -U postgres storage_bench
--   for f in src/main/resources/db/migration/V*.sql; do psql -h 127.0.0.1 -U postgres -d storage_bench -q -f $f; done
--   psql -h 127.0.0.1 -U postgres -d storage_bench -v metrics=3 -v devices=20 -v readings=72000 -f docs/tools/storage-per-datapoint.sql
-- Writes rows the way store.ReadingWriter does (one per reading, values float8[], band real[]) for `devices`
-- devices, one reading per device per second, two days ago; sensor-like values (two decimals), full-precision
-- scores and bands, 1% anomalous with an explanation. Measures every table whose name starts with
-- `readings` (partitions, indexes, TOAST) plus the dictionaries, then compacts and measures again.
\set ON_ERROR_STOP on
SELECT vigil_ensure_day_partition(t, now() - interval '2 days') FROM unnest(ARRAY['readings_recent', 'readings_blocks']) AS t;
INSERT INTO device_keys (id) SELECT 'bench-' || d FROM generate_series(1, :devices) d;
INSERT INTO metric_sets (names) SELECT ARRAY(SELECT 'metric_' || lpad(m::text, 2, '0') FROM generate_series(1, :metrics) m);

INSERT INTO readings_recent (ts, seq, received_at, score, device, metric_set, model_version, anomalous, vals, expected,
                             explanation)
SELECT ts, i / :devices, ts + random() * interval '20 ms', random(), d.key, s.key, 3, i % 100 = 0,
       ARRAY(SELECT round((200 + 50 * sin(i / 600.0 + m) + random())::numeric, 2)::float8
               FROM generate_series(1, :metrics) m),
       ARRAY(SELECT (200 + 50 * sin(i / 600.0 + m / 2) + random() * 3)::real FROM generate_series(1, 2 * :metrics) m),
       CASE WHEN i % 100 = 0 THEN '[{"metric": "metric_01", "value": 260.5, "expectedLow": 190.2, "expectedHigh": 250.7, "share": 1.0}]'::jsonb END
  FROM generate_series(0, :readings - 1) i
  CROSS JOIN LATERAL (SELECT date_trunc('hour', now() - interval '2 days') + (i / :devices) * interval '1 second' AS ts) t
  JOIN device_keys d ON d.id = 'bench-' || (i % :devices + 1)
  CROSS JOIN metric_sets s;
VACUUM ANALYZE;

CREATE TEMPORARY VIEW readings_size AS
SELECT sum(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c
 WHERE c.relkind = 'r' AND (c.relname LIKE 'readings%' OR c.relname IN ('device_keys', 'metric_sets'));

SELECT 'recent' AS layout, :metrics AS metrics, count(*) AS readings, (SELECT bytes FROM readings_size) AS bytes,
       round((SELECT bytes FROM readings_size) / count(*)::numeric, 1) AS bytes_per_reading,
       round((SELECT bytes FROM readings_size) / (count(*) * :metrics)::numeric, 1) AS bytes_per_datapoint
  FROM readings_recent;

SELECT vigil_compact_recent(date_trunc('day', now())) AS compacted;
VACUUM ANALYZE;

SELECT 'compacted' AS layout, :metrics AS metrics, sum(n) AS readings, (SELECT bytes FROM readings_size) AS bytes,
       round((SELECT bytes FROM readings_size) / sum(n)::numeric, 1) AS bytes_per_reading,
       round((SELECT bytes FROM readings_size) / (sum(n) * :metrics)::numeric, 1) AS bytes_per_datapoint
  FROM readings_blocks;
