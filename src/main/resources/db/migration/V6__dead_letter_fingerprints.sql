-- Issue 13: one dead-letter row per distinct message, not one per delivery. A redelivery or a repeat of
-- the same bytes on the same topic adds to `occurrences`; a flood beyond the sampling budget is kept as
-- `summary` rows (one per device, reason and minute) that count the messages without their payloads.
ALTER TABLE dead_letters
  ADD COLUMN fingerprint      text,
  ADD COLUMN occurrences      integer NOT NULL DEFAULT 1,
  ADD COLUMN last_received_at timestamptz,
  ADD COLUMN summary          boolean NOT NULL DEFAULT false;
UPDATE dead_letters SET fingerprint = 'legacy-' || id, last_received_at = received_at;
ALTER TABLE dead_letters ALTER COLUMN fingerprint SET NOT NULL;
CREATE UNIQUE INDEX dead_letters_fingerprint_idx ON dead_letters (fingerprint);
