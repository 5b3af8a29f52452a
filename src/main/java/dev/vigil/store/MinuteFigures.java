package dev.vigil.store;

/**
 * The one definition of a device's figures per metric and minute (count, min, max, sum, anomalies and their
 * sum, the band's count and sums, first and last value): the rollup job stores them in {@code reading_rollups}
 * and a long-range chart computes them from the raw readings its minutes not yet rolled up hold
 * ({@link ReadingQueries}), so the two cannot drift apart.
 *
 * <p>Each data point is aggregated once, by integer keys, and names are looked up per group afterwards
 * (docs/decisions.md, "A rollup pass aggregates each data point once"):
 * <ul>
 *   <li>{@code marked}: each reading, flagged when it is the first or the last of its device, metric set and
 *   minute by one window (one sort of readings, not of data points: {@code array_agg(value ORDER BY ts, seq)}
 *   sorted every data point twice and was most of a pass).
 *   <li>{@code points}: every value, keyed by device key, metric set, position and minute, unnested with its
 *   position in the select list (set-returning functions there advance in step, with no per-reading function
 *   scan), and its band's low and high read by that position one level up: building the band's two arrays per
 *   reading with a subquery each was half of a pass. The flagged readings give the first and last value. The
 *   band's ends are summed as the float4 they are stored in, widened exactly; the API answers a bucket's average at that precision
 *   ({@link StoredValues#bandAverage}). Summing their decimal text instead cost a quarter of a pass.
 *   <li>{@code minute_figures}: per device, metric name and minute, the groups of each metric set added up (a
 *   device that changed its set within a minute has one per set), the first value taken from the earliest
 *   first reading.
 * </ul>
 *
 * <p>{@link #ofRecentMinutes} finds the first and last reading of each group by two probes of the readings' index
 * instead ({@code vigil_minute_ends}, V16, V17): the window sorted every reading of a pass, more than half of it at
 * tens of thousands of readings a second (docs/decisions.md, "A busy minute's first and last reading by the
 * index"). A probe costs the same for a group of one reading as for thousands and unpacks a compacted hour once
 * per minute, so a device's late minutes and a chart's tail keep the window ({@link #of}).
 */
final class MinuteFigures {

  /** The columns of {@code minute_figures}, in the order of {@code reading_rollups}' own. */
  static final String COLUMNS = "device_id, metric, bucket_start, count, min, max, sum, anomalies, anomalous_sum, "
      + "expected_count, expected_low_sum, expected_high_sum, first, last";

  /**
   * {@code points}: every value of the readings {@code %1$s} yields (with a {@code minute} column), unnested with its
   * position and its band's ends read by that position, grouped by device, metric set, position and minute into the
   * figures all groups have; {@code %2$s} adds columns the readings carry down, {@code %3$s} aggregates over them.
   */
  private static final String POINTS = """
        points AS (
          SELECT device, metric_set, i, minute, count(*) AS n, min(value) AS least, max(value) AS greatest,
                 sum(value) AS total, count(*) FILTER (WHERE anomalous) AS odd,
                 coalesce(sum(value) FILTER (WHERE anomalous), 0) AS odd_total, count(high) AS banded,
                 coalesce(sum(low::float8), 0) AS low_total, coalesce(sum(high::float8), 0) AS high_total%3$s
            FROM (SELECT device, metric_set, minute, anomalous, value, i%2$s,
                         expected[2 * i - 1] AS low, expected[2 * i] AS high
                    FROM (SELECT device, metric_set, minute, anomalous, expected%2$s,
                                 unnest(vals) AS value, generate_series(1, cardinality(vals)) AS i
                            FROM %1$s) q) p
           GROUP BY device, metric_set, i, minute)""";

  /** The groups of {@code points p} (and their ends, {@code e}), named and added up per metric name: {@code %s} the joins. */
  private static final String NAMED = """
        minute_figures AS (
          SELECT k.id AS device_id, s.names[p.i] AS metric, p.minute AS bucket_start, sum(p.n) AS count,
                 min(p.least) AS min, max(p.greatest) AS max, sum(p.total) AS sum, sum(p.odd) AS anomalies,
                 sum(p.odd_total) AS anomalous_sum, sum(p.banded) AS expected_count,
                 sum(p.low_total) AS expected_low_sum, sum(p.high_total) AS expected_high_sum,
                 (array_agg(e.first_value ORDER BY e.first_ts, e.first_seq))[1] AS first,
                 (array_agg(e.last_value ORDER BY e.last_ts DESC, e.last_seq DESC))[1] AS last
            FROM %s
            JOIN device_keys k ON k.key = p.device
            JOIN metric_sets s ON s.key = p.metric_set
           GROUP BY k.id, s.names[p.i], p.minute)""";

  private MinuteFigures() {
  }

  /**
   * Common table expressions, to follow a {@code WITH} (and a comma, after others), that end in
   * {@code minute_figures} ({@link #COLUMNS}) of the rows {@code readings} yields: an expression with the shape of
   * {@code vigil_device_readings}, such as a call of it (a device's late minutes, a chart's tail).
   */
  static String of(String readings) {
    return """
        marked AS (
          SELECT device, metric_set, minute, ts, seq, anomalous, vals, expected,
                 row_number() OVER (PARTITION BY device, metric_set, minute ORDER BY ts, seq) = 1 AS opens,
                 lead(ts) OVER (PARTITION BY device, metric_set, minute ORDER BY ts, seq) IS NULL AS closes
            FROM %s),
        %s,
        %s"""
        .formatted(withMinute(readings), POINTS.formatted("marked", ", ts, seq, opens, closes", """
            ,
                             min(value) FILTER (WHERE opens) AS first_value, min(ts) FILTER (WHERE opens) AS first_ts,
                             min(seq) FILTER (WHERE opens) AS first_seq, min(value) FILTER (WHERE closes) AS last_value,
                             max(ts) FILTER (WHERE closes) AS last_ts, max(seq) FILTER (WHERE closes) AS last_seq"""),
            NAMED.formatted("points p CROSS JOIN LATERAL (SELECT p.first_value, p.first_ts, p.first_seq, "
                + "p.last_value, p.last_ts, p.last_seq) e"));
  }

  /**
   * The same for the readings from {@code from} to {@code to} (SQL expressions of their timestamps) of the devices
   * whose keys {@code devices} (an {@code integer[]} expression) holds, each device's read through the index and
   * each group's first and last reading found through it too: for the rollup pass over recent minutes, which
   * takes the fleet a slice of devices at a time (RollupJob).
   */
  static String ofRecentMinutes(String from, String to, String devices) {
    String readings = withMinute("""
        (SELECT d.* FROM unnest(%s) AS k(key) CROSS JOIN LATERAL vigil_device_readings(k.key, %s, %s) d) slice"""
        .formatted(devices, from, to));
    return """
        %s,
        ends AS (
          SELECT g.device, g.metric_set, g.minute, e.*
            FROM (SELECT DISTINCT device, metric_set, minute FROM points) g
            LEFT JOIN LATERAL vigil_minute_ends(g.device, g.metric_set, greatest(g.minute, %s),
                                                least(g.minute + interval '1 minute', %s)) e ON true),
        %s"""
        .formatted(POINTS.formatted(readings, "", ""), from, to, NAMED.formatted("""
            points p
                   LEFT JOIN ends w ON w.device = p.device AND w.metric_set = p.metric_set AND w.minute = p.minute
                   CROSS JOIN LATERAL (SELECT w.first_vals[p.i] AS first_value, w.first_ts, w.first_seq,
                                              w.last_vals[p.i] AS last_value, w.last_ts, w.last_seq) e"""));
  }

  /** Each reading of {@code readings} with the start of its minute, {@code minute}. */
  private static String withMinute(String readings) {
    return "(SELECT *, date_trunc('minute', ts) AS minute FROM %s) r".formatted(readings);
  }
}
