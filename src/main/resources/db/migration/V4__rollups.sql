-- Per-minute rollups of readings, one row per device, metric and minute, so that a chart of a month
-- reads ~43,000 small rows per metric instead of millions of readings. Hourly and daily buckets are
-- aggregated from these minute rows at query time. Kept up to date by store.RollupJob, which
-- recomputes the last few minutes from `readings` (idempotent: a re-run gives the same rows).
CREATE TABLE reading_rollups (
  device_id      text NOT NULL,
  metric         text NOT NULL,
  bucket_start   timestamptz NOT NULL,            -- start of the minute (UTC)
  count          integer NOT NULL,                -- readings of the minute that carry the metric
  min            double precision NOT NULL,
  max            double precision NOT NULL,
  sum            double precision NOT NULL,
  anomalies      integer NOT NULL,                -- of those, how many the detector called anomalous
  anomalous_sum  double precision NOT NULL,       -- sum of the metric over the anomalous ones (energy cost)
  PRIMARY KEY (device_id, metric, bucket_start)
);
CREATE INDEX reading_rollups_bucket_idx ON reading_rollups (bucket_start);
