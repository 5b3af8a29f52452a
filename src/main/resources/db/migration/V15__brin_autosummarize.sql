-- Compaction and rollups read only the page ranges their time range needs (issue 11; docs/decisions.md,
-- "Summarized page ranges").
--
-- The block range index on readings_recent.ts skips a range only once it is summarized, and without
-- autosummarize a range is summarized only by VACUUM, which an insert-only partition gets after a fifth of its
-- rows are new: hours at a real fleet's rate. Until then every scan of a time range reads each of those ranges:
-- store.RetentionJob's compaction read the whole of today's rows every 10 minutes even with nothing due
-- (46.8 s of PostgreSQL in one bench run, over 11 million rows), and each rollup pass read the day's
-- unsummarized tail to aggregate its last minute.
--
-- With autosummarize, autovacuum summarizes a range soon after the next one begins to fill (it visits each
-- database every autovacuum_naptime, 1 min by default, and keeps at most 256 such requests). Ranges of 512
-- pages instead of 128: about 19,000 readings of 3 metrics each, so at 80,000 readings/s, twice what Vigil
-- sustains on 2 cores, a minute still asks for fewer than 256; a quiet fleet's unsummarized last range is at
-- most 4 MB. Partitioned indexes take no ALTER .. SET, so the index is built again (one scan of each
-- partition); partitions made later inherit its options.
DROP INDEX readings_recent_ts_brin;
CREATE INDEX readings_recent_ts_brin ON readings_recent USING brin (ts)
  WITH (pages_per_range = 512, autosummarize = on);
