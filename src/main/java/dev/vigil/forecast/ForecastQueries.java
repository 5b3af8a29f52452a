package dev.vigil.forecast;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What the forecast reads (hourly means from the minute rollups) and writes ({@code forecasts}). */
public final class ForecastQueries {

  /** Hourly history read per device: a year for the model, and the lag days before its first day. */
  static final Duration HISTORY = Duration.ofDays(NextDayForecast.MAX_DAYS + 10);

  private static final String DEVICES = "SELECT id FROM devices WHERE last_metrics ? $1 ORDER BY id";
  private static final String LATEST = """
      SELECT max(bucket_start) AS latest, min(bucket_start) AS earliest FROM reading_rollups
       WHERE device_id = $1 AND metric = $2""";
  private static final String HOURLY = """
      SELECT date_trunc('hour', bucket_start) AS hour, sum(sum) / sum(count) AS mean FROM reading_rollups
       WHERE device_id = $1 AND metric = $2 AND bucket_start >= $3 AND count > 0
       GROUP BY 1 ORDER BY 1""";
  private static final String UPSERT = """
      INSERT INTO forecasts (device_id, metric, hour_start, expected, low, high, basis)
      SELECT $1, $2, h, e, l, u, $3 FROM unnest($4::timestamptz[], $5::float8[], $6::float8[], $7::float8[]) AS t(h, e, l, u)
      ON CONFLICT (device_id, metric, hour_start) DO UPDATE SET expected = EXCLUDED.expected, low = EXCLUDED.low,
             high = EXCLUDED.high, basis = EXCLUDED.basis""";
  private static final String LATEST_FORECAST = """
      SELECT hour_start, expected, low, high, basis FROM forecasts
       WHERE device_id = $1 AND metric = $2
         AND basis = (SELECT max(basis) FROM forecasts WHERE device_id = $1 AND metric = $2)
         AND hour_start > basis
       ORDER BY hour_start""";
  /** Relative to each device's newest forecast, not to now: a replayed history's forecasts lie years back. */
  private static final String PRUNE = """
      DELETE FROM forecasts f USING (SELECT device_id, metric, max(basis) AS newest FROM forecasts GROUP BY 1, 2) n
       WHERE f.device_id = n.device_id AND f.metric = n.metric AND f.hour_start < n.newest - make_interval(days => $1)""";

  /**
   * Per device and local day, the hours both forecast and measured: the measured kWh (hourly means of a
   * power metric in W are Wh per hour) beside the forecast's and its interval's sums.
   */
  private static final String DAYS = """
      WITH a AS (SELECT device_id, date_trunc('hour', bucket_start) AS hour_start, sum(sum) / sum(count) AS mean
                   FROM reading_rollups WHERE metric = $1 AND device_id = ANY($2) AND bucket_start >= $3
                    AND bucket_start < $4 AND count > 0 GROUP BY 1, 2)
      SELECT f.device_id, (f.hour_start AT TIME ZONE $5)::date AS day, count(*) AS hours, sum(a.mean) / 1000 AS actual,
             sum(f.expected) / 1000 AS expected, sum(f.low) / 1000 AS low, sum(f.high) / 1000 AS high
        FROM forecasts f JOIN a ON a.device_id = f.device_id AND a.hour_start = f.hour_start
       WHERE f.metric = $1 AND f.device_id = ANY($2) AND f.hour_start >= $3 AND f.hour_start < $4
       GROUP BY 1, 2 ORDER BY 2, 1""";

  /**
   * Per hour after now, the sum over {@code ids} of each device's latest forecast, and how many devices
   * the hour sums (a device whose latest forecast ends earlier leaves the later hours).
   */
  private static final String SUMMED = """
      WITH latest AS (SELECT device_id, max(basis) AS basis FROM forecasts
                       WHERE metric = $1 AND device_id = ANY($2) GROUP BY 1)
      SELECT f.hour_start, sum(f.expected) AS expected, sum(f.low) AS low, sum(f.high) AS high, count(*) AS devices
        FROM forecasts f JOIN latest l ON l.device_id = f.device_id AND l.basis = f.basis
       WHERE f.metric = $1 AND f.hour_start > f.basis AND f.hour_start >= $3
       GROUP BY 1 ORDER BY 1""";

  private final Pool pool;

  public ForecastQueries(Pool pool) {
    this.pool = pool;
  }

  /** Devices whose latest reading carried {@code metric}. */
  Future<List<String>> devicesWith(String metric) {
    return pool.preparedQuery(DEVICES).execute(Tuple.of(metric)).map(rows -> {
      List<String> ids = new ArrayList<>();
      rows.forEach(r -> ids.add(r.getString("id")));
      return ids;
    });
  }

  /** The first and latest minute of {@code metric} in the device's rollups, if it has any. */
  public Future<Optional<Span>> span(String deviceId, String metric) {
    return pool.preparedQuery(LATEST).execute(Tuple.of(deviceId, metric)).map(rows -> {
      Row r = rows.iterator().next();
      OffsetDateTime latest = r.getOffsetDateTime("latest");
      return latest == null ? Optional.empty()
          : Optional.of(new Span(r.getOffsetDateTime("earliest").toInstant(), latest.toInstant()));
    });
  }

  /** The rollups' first and latest minute of one device's metric. */
  public record Span(java.time.Instant earliest, java.time.Instant latest) {
  }

  /** Hourly means of the device's metric from {@code since}, on the local clock of {@code zone}. */
  Future<HourlySeries> hourly(String deviceId, String metric, java.time.Instant since, ZoneId zone) {
    return pool.preparedQuery(HOURLY).execute(Tuple.of(deviceId, metric, since.atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          Map<LocalDateTime, List<Double>> byHour = new TreeMap<>();
          for (Row r : rows) {
            LocalDateTime local = r.getOffsetDateTime("hour").atZoneSameInstant(zone).toLocalDateTime();
            byHour.computeIfAbsent(local, h -> new ArrayList<>()).add(r.getDouble("mean"));
          }
          return HourlySeries.of(byHour);
        });
  }

  /** Writes one forecast; hours forecast before keep their row, replaced by this newer forecast. */
  Future<Void> save(String deviceId, String metric, java.time.Instant basis, List<NextDayForecast.Hour> hours,
      ZoneId zone) {
    List<OffsetDateTime> starts = new ArrayList<>();
    List<Double> expected = new ArrayList<>();
    List<Double> low = new ArrayList<>();
    List<Double> high = new ArrayList<>();
    for (NextDayForecast.Hour h : hours) {
      starts.add(h.start().atZone(zone).toOffsetDateTime());
      expected.add(h.expected());
      low.add(h.low());
      high.add(h.high());
    }
    return pool.preparedQuery(UPSERT).execute(Tuple.of(deviceId, metric, basis.atOffset(ZoneOffset.UTC))
        .addArrayOfOffsetDateTime(starts.toArray(OffsetDateTime[]::new))
        .addArrayOfDouble(expected.toArray(Double[]::new)).addArrayOfDouble(low.toArray(Double[]::new))
        .addArrayOfDouble(high.toArray(Double[]::new))).mapEmpty();
  }

  /** The hours ahead of the device's latest forecast, as the API gives them. */
  public Future<JsonObject> latest(String deviceId, String metric) {
    return pool.preparedQuery(LATEST_FORECAST).execute(Tuple.of(deviceId, metric)).map(rows -> {
      JsonArray hours = new JsonArray();
      String basis = null;
      for (Row r : rows) {
        basis = r.getOffsetDateTime("basis").toInstant().toString();
        hours.add(new JsonObject().put("t", r.getOffsetDateTime("hour_start").toInstant().toString())
            .put("expected", r.getDouble("expected")).put("low", r.getDouble("low")).put("high", r.getDouble("high")));
      }
      return new JsonObject().put("basis", basis).put("hours", hours);
    });
  }

  /**
   * Per device and local day of {@code [from, to)} with hours both forecast and measured, the measured kWh beside
   * the forecast's; {@link UnusualDay#unusual()} tells the days that left the forecast's interval.
   */
  public Future<List<UnusualDay>> comparedDays(List<String> ids, String metric, java.time.Instant from,
      java.time.Instant to, ZoneId zone) {
    Tuple args = Tuple.of(metric, ids.toArray(String[]::new), from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC),
        zone.getId());
    return pool.preparedQuery(DAYS).execute(args).map(rows -> {
      List<UnusualDay> days = new ArrayList<>();
      for (Row r : rows) {
        days.add(new UnusualDay(r.getString("device_id"), r.getLocalDate("day"), r.getInteger("hours"),
            r.getDouble("actual"), r.getDouble("expected"), r.getDouble("low"), r.getDouble("high")));
      }
      return days;
    });
  }

  /**
   * The next 24 hours of consumption of {@code ids} together (a site, a tag): per hour from {@code from}, the
   * sum of the devices' latest forecasts in kWh (their mean power in W over the hour, / 1000), the interval
   * the sum of theirs; and how many devices have a forecast at all.
   */
  public Future<JsonObject> summed(List<String> ids, String metric, java.time.Instant from) {
    Tuple args = Tuple.of(metric, ids.toArray(String[]::new), from.atOffset(ZoneOffset.UTC));
    return pool.preparedQuery(SUMMED).execute(args).map(rows -> {
      JsonArray hours = new JsonArray();
      int most = 0;
      for (Row r : rows) {
        most = Math.max(most, r.getInteger("devices"));
        hours.add(new JsonObject().put("t", r.getOffsetDateTime("hour_start").toInstant().toString())
            .put("kwh", dev.vigil.alert.Digits.round(r.getDouble("expected") / 1000))
            .put("lowKwh", dev.vigil.alert.Digits.round(r.getDouble("low") / 1000))
            .put("highKwh", dev.vigil.alert.Digits.round(r.getDouble("high") / 1000))
            .put("devices", r.getInteger("devices")));
      }
      return new JsonObject().put("metric", metric).put("devices", most).put("hours", hours);
    });
  }

  Future<Void> prune(int days) {
    return pool.preparedQuery(PRUNE).execute(Tuple.of(days)).mapEmpty();
  }
}
