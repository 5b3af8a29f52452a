-- Model registry and drift reports (scoring). One row per trained model version of a detector
-- (a device and the set of metrics it sends).

CREATE TABLE models (
  id               bigserial PRIMARY KEY,
  device_id        text NOT NULL,
  detector_key     text NOT NULL,               -- deviceId|metric,metric (sorted)
  metrics          text[] NOT NULL,
  version          integer NOT NULL,
  algorithm        text NOT NULL,
  provenance       text NOT NULL,               -- Tribuo provenance of the model
  train_from       timestamptz NOT NULL,
  train_to         timestamptz NOT NULL,
  training_rows    integer NOT NULL,
  training_metrics jsonb NOT NULL,              -- support vectors, rows, per-metric reference sample
  model            bytea NOT NULL,              -- serialized Tribuo model
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (detector_key, version)
);
CREATE INDEX models_device_idx ON models (device_id, created_at DESC);

CREATE TABLE drift_reports (
  id             bigserial PRIMARY KEY,
  device_id      text NOT NULL,
  detector_key   text NOT NULL,
  metric         text NOT NULL,
  model_version  integer NOT NULL,
  psi            double precision NOT NULL,
  ks             double precision NOT NULL,
  level          text NOT NULL CHECK (level IN ('none', 'warning', 'significant', 'severe')),
  reference_rows integer NOT NULL,
  recent_rows    integer NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX drift_reports_created_idx ON drift_reports (created_at DESC);
