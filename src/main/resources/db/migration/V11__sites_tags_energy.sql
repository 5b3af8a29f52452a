-- Issue 12, sites, tags and energy (docs/energy.md).
-- A site is a building or plant: its own time zone (hours, days and the night of its energy figures) and
-- tariff (NULL: the flat tariff of the settings). Created when a device is first placed in it.
CREATE TABLE sites (
  id          text PRIMARY KEY,
  time_zone   text NOT NULL DEFAULT 'UTC',
  tariff      jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- A device belongs to at most one site, carries free tags ("floor:2", "kind:hvac"), and either consumes or
-- produces energy (a solar inverter: its power_w and energy_kwh count as production).
ALTER TABLE devices ADD COLUMN site text REFERENCES sites (id) ON DELETE SET NULL;
ALTER TABLE devices ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
ALTER TABLE devices ADD COLUMN energy_role text NOT NULL DEFAULT 'consumer'
  CHECK (energy_role IN ('consumer', 'producer'));
-- Who placed the device last: 'user' (dashboard or API) wins over what the device itself says in its retained
-- devices/{id}/meta message ('device'), which Vigil receives again at every start (docs/decisions.md).
ALTER TABLE devices ADD COLUMN placed_by text CHECK (placed_by IN ('user', 'device'));
CREATE INDEX devices_site_idx ON devices (site);
CREATE INDEX devices_tags_idx ON devices USING gin (tags);

-- The first and last value of each minute (by time, then seq): an energy counter's increase within the
-- minute is last - first, and a reset shows as a last below the first or a first below the previous
-- minute's last. NULL for rows rolled up before this migration (min and max stand in for them).
ALTER TABLE reading_rollups ADD COLUMN first double precision;
ALTER TABLE reading_rollups ADD COLUMN last double precision;
