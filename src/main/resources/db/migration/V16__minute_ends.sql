-- The first and the last reading of one device's metric set in [t0, t1), each by (ts, seq), for the rollup
-- pass over every device's recent minutes (issue 11; docs/decisions.md, "A busy minute's first and last
-- reading by the index").
--
-- Flagging them with a window over the minute's readings sorted every reading of a pass, more than half of
-- the pass at tens of thousands of readings a second. Here each end is one step of the (device, ts, seq) index
-- of the recent rows, forward for the first and backward for the last, merged with the first or last of the
-- hour's compacted block when there is one. Each group costs a few index probes whatever its size but unpacks
-- that block twice, so only the pass over every device's recent minutes uses it; a device's late minutes, often
-- in blocks, and a chart's tail keep the window (store.MinuteFigures).
CREATE FUNCTION vigil_minute_ends(dev integer, set integer, t0 timestamptz, t1 timestamptz)
  RETURNS TABLE (first_ts timestamptz, first_seq bigint, first_vals float8[],
                 last_ts timestamptz, last_seq bigint, last_vals float8[])
  LANGUAGE sql STABLE AS $$
  SELECT f.ts, f.seq, f.vals, l.ts, l.seq, l.vals
    FROM (SELECT * FROM ((SELECT r.ts, r.seq, r.vals FROM readings_recent r
                           WHERE r.device = dev AND r.metric_set = set AND r.ts >= t0 AND r.ts < t1
                           ORDER BY r.ts, r.seq LIMIT 1)
                         UNION ALL
                         (SELECT u.ts, u.seq, u.vals FROM readings_blocks b CROSS JOIN LATERAL vigil_unpack_block(b) u
                           WHERE b.device = dev AND b.metric_set = set AND b.hour >= date_trunc('hour', t0, 'UTC')
                             AND b.hour < t1 AND u.ts >= t0 AND u.ts < t1
                           ORDER BY u.ts, u.seq LIMIT 1)) e
          ORDER BY e.ts, e.seq LIMIT 1) f,
         (SELECT * FROM ((SELECT r.ts, r.seq, r.vals FROM readings_recent r
                           WHERE r.device = dev AND r.metric_set = set AND r.ts >= t0 AND r.ts < t1
                           ORDER BY r.ts DESC, r.seq DESC LIMIT 1)
                         UNION ALL
                         (SELECT u.ts, u.seq, u.vals FROM readings_blocks b CROSS JOIN LATERAL vigil_unpack_block(b) u
                           WHERE b.device = dev AND b.metric_set = set AND b.hour >= date_trunc('hour', t0, 'UTC')
                             AND b.hour < t1 AND u.ts >= t0 AND u.ts < t1
                           ORDER BY u.ts DESC, u.seq DESC LIMIT 1)) e
          ORDER BY e.ts DESC, e.seq DESC LIMIT 1) l
$$;
