-- The band the dashboard draws behind each metric: the range the device's model expected each metric
-- in, per reading, and its average per rollup bucket. See docs/decisions.md ("Expected band").

-- {"power_w": {"low": 470.2, "high": 530.9}, ...}; NULL while the detector warms up (and for readings
-- stored before this migration). jsonb like `metrics`, because the metric set is per device, not
-- per table. Adding a nullable column without a default is a catalog change: no table rewrite.
ALTER TABLE readings ADD COLUMN expected jsonb;

-- Sums over the minute's readings that carry a band for the metric, and how many did: coarser buckets
-- add these up and divide once (as `sum`/`count` do for the value), so an hour's band is the exact
-- average of its readings' bands. expected_count = 0: no band in that minute (the chart leaves a gap).
ALTER TABLE reading_rollups
  ADD COLUMN expected_count    integer NOT NULL DEFAULT 0,
  ADD COLUMN expected_low_sum  double precision NOT NULL DEFAULT 0,
  ADD COLUMN expected_high_sum double precision NOT NULL DEFAULT 0;
