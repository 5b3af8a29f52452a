-- Units a device declares for its metrics ("units" in the wire contract), newest declaration of each
-- metric kept; metrics without one fall back to the name-suffix table (docs/wire-contract.md).
ALTER TABLE devices ADD COLUMN units jsonb NOT NULL DEFAULT '{}'::jsonb;
