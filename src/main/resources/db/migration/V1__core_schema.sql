-- Vigil core schema. The single source of truth for tables: code and tests run these migrations.

CREATE TABLE devices (
  id            text PRIMARY KEY,
  first_seen    timestamptz NOT NULL DEFAULT now(),
  last_seen     timestamptz NOT NULL DEFAULT now(),
  status        text NOT NULL DEFAULT 'online' CHECK (status IN ('online', 'offline')),
  status_since  timestamptz NOT NULL DEFAULT now(),
  last_metrics  jsonb NOT NULL DEFAULT '{}'::jsonb,
  last_score    double precision NOT NULL DEFAULT 0
);

-- One row per reading; metrics as a JSON object so a device may add a metric without a migration.
-- Range-partitioned by time: old months can be dropped or archived whole.
CREATE TABLE readings (
  device_id     text NOT NULL,
  ts            timestamptz NOT NULL,
  seq           bigint NOT NULL DEFAULT 0,
  metrics       jsonb NOT NULL,
  score         double precision NOT NULL DEFAULT 0,
  anomalous     boolean NOT NULL DEFAULT false,
  model_version integer NOT NULL DEFAULT 0,
  explanation   jsonb,
  received_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, ts, seq)
) PARTITION BY RANGE (ts);

CREATE TABLE readings_default PARTITION OF readings DEFAULT;

-- Creates the monthly partition that holds `at`, if missing. Called at start for the months
-- around now; rows outside them land in readings_default and are never refused.
CREATE FUNCTION vigil_ensure_month_partition(at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  month_start timestamptz := date_trunc('month', at);
  name text := 'readings_' || to_char(month_start, 'YYYY_MM');
BEGIN
  IF to_regclass(name) IS NULL THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF readings FOR VALUES FROM (%L) TO (%L)',
                   name, month_start, month_start + interval '1 month');
  END IF;
EXCEPTION WHEN others THEN
  -- Rows for that month already sit in readings_default: keep them there rather than fail start-up.
  RAISE NOTICE 'partition % not created: %', name, SQLERRM;
END $$;

CREATE INDEX readings_ts_idx ON readings (ts);
CREATE INDEX readings_anomalous_idx ON readings (device_id, ts) WHERE anomalous;

CREATE TABLE rules (
  id          bigserial PRIMARY KEY,
  device_id   text,                          -- null: applies to every device
  metric      text NOT NULL,
  operator    text NOT NULL CHECK (operator IN ('>', '>=', '<', '<=', '==', '!=')),
  value       double precision NOT NULL,
  severity    text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  enabled     boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX rules_identity_idx ON rules (coalesce(device_id, ''), metric, operator, value);

CREATE TABLE alerts (
  id           bigserial PRIMARY KEY,
  device_id    text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('threshold', 'anomaly', 'offline', 'drift')),
  metric       text NOT NULL DEFAULT '',   -- '' for alerts about the whole device
  rule_id      bigint REFERENCES rules (id) ON DELETE SET NULL,
  severity     text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  state        text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acked', 'cleared')),
  message      text NOT NULL,
  value        double precision,
  threshold    double precision,
  score        double precision,
  explanation  jsonb,
  occurrences  integer NOT NULL DEFAULT 1,
  opened_at    timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  acked_at     timestamptz,
  cleared_at   timestamptz
);
-- At most one live (open or acknowledged) alert per device, kind and metric: repeats update it.
CREATE UNIQUE INDEX alerts_live_idx ON alerts (device_id, kind, metric) WHERE state <> 'cleared';
CREATE INDEX alerts_opened_idx ON alerts (opened_at DESC);

CREATE TABLE dead_letters (
  id           bigserial PRIMARY KEY,
  received_at  timestamptz NOT NULL DEFAULT now(),
  topic        text NOT NULL,
  device_id    text,
  reason       text NOT NULL,
  detail       text NOT NULL,
  payload      text NOT NULL
);
CREATE INDEX dead_letters_received_idx ON dead_letters (received_at DESC);
