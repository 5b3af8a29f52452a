-- The next 24 hours of each device's consumption, written by forecast.ForecastJob (docs/energy.md).
-- One row per device, metric and hour; a newer forecast of the same hour replaces the older one, so a
-- past hour keeps the last forecast made before it began (what "unusual consumption" compares with).
CREATE TABLE forecasts (
  device_id   text NOT NULL,
  metric      text NOT NULL,
  hour_start  timestamptz NOT NULL,
  expected    double precision NOT NULL,
  low         double precision NOT NULL,   -- the 90% interval
  high        double precision NOT NULL,
  basis       timestamptz NOT NULL,        -- the last hour of history the forecast knew
  PRIMARY KEY (device_id, metric, hour_start)
);

-- A lease per periodic job that only one instance of a cluster should run at a time (forecast training
-- is CPU work; running it twice gives the same rows, so a lost lease costs time, never correctness).
CREATE TABLE job_leases (
  name    text PRIMARY KEY,
  holder  text NOT NULL,
  until   timestamptz NOT NULL
);
