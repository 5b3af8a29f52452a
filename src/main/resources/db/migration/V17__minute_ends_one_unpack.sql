-- vigil_minute_ends (V16) wrote its compacted-block branch twice, once for each end, so a group whose hour
-- had a block unpacked that block twice. The block's readings of [t0, t1) are now taken once and both ends
-- are read from them; the recent rows keep their two index probes. Same arguments, same results.
CREATE OR REPLACE FUNCTION vigil_minute_ends(dev integer, set integer, t0 timestamptz, t1 timestamptz)
  RETURNS TABLE (first_ts timestamptz, first_seq bigint, first_vals float8[],
                 last_ts timestamptz, last_seq bigint, last_vals float8[])
  LANGUAGE sql STABLE AS $$
  WITH blocked AS MATERIALIZED (
    SELECT u.ts, u.seq, u.vals FROM readings_blocks b CROSS JOIN LATERAL vigil_unpack_block(b) u
     WHERE b.device = dev AND b.metric_set = set AND b.hour >= date_trunc('hour', t0, 'UTC')
       AND b.hour < t1 AND u.ts >= t0 AND u.ts < t1
  )
  SELECT f.ts, f.seq, f.vals, l.ts, l.seq, l.vals
    FROM (SELECT * FROM ((SELECT r.ts, r.seq, r.vals FROM readings_recent r
                           WHERE r.device = dev AND r.metric_set = set AND r.ts >= t0 AND r.ts < t1
                           ORDER BY r.ts, r.seq LIMIT 1)
                         UNION ALL
                         (SELECT * FROM blocked ORDER BY ts, seq LIMIT 1)) e
          ORDER BY e.ts, e.seq LIMIT 1) f,
         (SELECT * FROM ((SELECT r.ts, r.seq, r.vals FROM readings_recent r
                           WHERE r.device = dev AND r.metric_set = set AND r.ts >= t0 AND r.ts < t1
                           ORDER BY r.ts DESC, r.seq DESC LIMIT 1)
                         UNION ALL
                         (SELECT * FROM blocked ORDER BY ts DESC, seq DESC LIMIT 1)) e
          ORDER BY e.ts DESC, e.seq DESC LIMIT 1) l
$$;
