-- Notifications (docs/notifications.md): channels, the transitions of alerts worth telling a person
-- about, and the durable outbox of deliveries that a sender drains.

CREATE TABLE notification_channels (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  type        text NOT NULL CHECK (type IN ('email', 'webhook', 'slack', 'ntfy')),
  enabled     boolean NOT NULL DEFAULT true,
  spec        jsonb NOT NULL,              -- the validated channel as the API accepts it (notify.Channel)
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- What an alert did that a person should hear about. Written by the trigger below in the same
-- statement (so the same transaction) as the alert itself: no alert write can commit without it,
-- and no code path (rules, anomalies, presence, the API's clear) can forget it. The unique index is
-- the deduplication: an alert opens once, escalates once per severity it reaches, clears once;
-- repeats of a live alert (occurrences + 1) and acknowledgements write nothing here.
CREATE TABLE alert_transitions (
  id          bigserial PRIMARY KEY,
  alert_id    bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  transition  text NOT NULL CHECK (transition IN ('opened', 'escalated', 'cleared')),
  severity    text NOT NULL,
  alert       jsonb NOT NULL,              -- the alert row as it was at the transition
  at          timestamptz NOT NULL DEFAULT now(),
  routed      boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX alert_transitions_once_idx ON alert_transitions (alert_id, transition, severity);
CREATE INDEX alert_transitions_unrouted_idx ON alert_transitions (id) WHERE NOT routed;

CREATE FUNCTION vigil_alert_transition() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  what text;
  ranks text[] := ARRAY['low', 'medium', 'high', 'critical'];
BEGIN
  IF TG_OP = 'INSERT' THEN
    what := 'opened';
  ELSIF NEW.state = 'cleared' AND OLD.state <> 'cleared' THEN
    what := 'cleared';
  ELSIF NEW.state <> 'cleared'
        AND array_position(ranks, NEW.severity) > array_position(ranks, OLD.severity) THEN
    what := 'escalated';
  ELSE
    RETURN NULL;
  END IF;
  INSERT INTO alert_transitions (alert_id, transition, severity, alert)
  VALUES (NEW.id, what, NEW.severity, to_jsonb(NEW))
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

-- An upsert that repeats a live alert fires the UPDATE trigger, a new alert the INSERT one.
CREATE TRIGGER alerts_transition_trg AFTER INSERT OR UPDATE OF state, severity ON alerts
  FOR EACH ROW EXECUTE FUNCTION vigil_alert_transition();

-- One row per transition and channel it is routed to: the unit of delivery, and the delivery log.
-- Unique per (transition, channel), so two instances routing the same transition insert it once.
-- A row is due when state = 'pending' and next_attempt_at has come; a sender claims it by moving
-- next_attempt_at past its send timeout (a lease), so a crashed sender's rows come back by themselves.
CREATE TABLE notification_outbox (
  id               bigserial PRIMARY KEY,
  transition_id    bigint NOT NULL REFERENCES alert_transitions (id) ON DELETE CASCADE,
  channel_id       bigint NOT NULL REFERENCES notification_channels (id) ON DELETE CASCADE,
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  held             text,                   -- why it waits without an attempt: quiet hours, rate limit
  created_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz,
  UNIQUE (transition_id, channel_id)
);
CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX notification_outbox_sent_idx ON notification_outbox (channel_id, sent_at) WHERE state = 'sent';
CREATE INDEX notification_outbox_created_idx ON notification_outbox (created_at DESC);
