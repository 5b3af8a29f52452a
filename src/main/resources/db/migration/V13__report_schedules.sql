-- Issue 12, scheduled reports (docs/energy.md, "Reports"): per site and period, the email channel a report goes
-- to and its format. sent_until is the end of the last period sent: a period is due once it has ended and
-- sent_until is before its end, so a round that fails (last_error) is tried again on the next one.
CREATE TABLE report_schedules (
  site             text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  period           text NOT NULL CHECK (period IN ('day', 'week', 'month')),
  channel_id       bigint NOT NULL REFERENCES notification_channels (id) ON DELETE CASCADE,
  format           text NOT NULL CHECK (format IN ('pdf', 'xlsx')),
  sent_until       timestamptz,
  last_attempt_at  timestamptz,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, period)
);
