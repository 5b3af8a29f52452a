package dev.vigil.report;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** {@code report_schedules}: the scheduled reports of every site, with when each was last sent. */
public final class ScheduleStore {

  private static final String COLUMNS = "r.site, r.period, r.channel_id, r.format, s.time_zone, r.sent_until, "
      + "r.last_attempt_at, r.last_error FROM report_schedules r JOIN sites s ON s.id = r.site";
  private static final String ALL = "SELECT " + COLUMNS + " ORDER BY r.site, r.period";
  private static final String OF_SITE = "SELECT " + COLUMNS + " WHERE r.site = $1 ORDER BY r.period";
  private static final String UPSERT = """
      INSERT INTO report_schedules (site, period, channel_id, format) VALUES ($1, $2, $3, $4)
      ON CONFLICT (site, period) DO UPDATE SET channel_id = EXCLUDED.channel_id, format = EXCLUDED.format""";
  private static final String DELETE = "DELETE FROM report_schedules WHERE site = $1 AND period = $2";
  private static final String SENT = """
      UPDATE report_schedules SET sent_until = $3, last_attempt_at = now(), last_error = NULL
       WHERE site = $1 AND period = $2""";
  private static final String FAILED = """
      UPDATE report_schedules SET last_attempt_at = now(), last_error = $3 WHERE site = $1 AND period = $2""";

  private final Pool pool;

  public ScheduleStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<ReportSchedule>> all() {
    return pool.query(ALL).execute().map(ScheduleStore::schedules);
  }

  public Future<List<ReportSchedule>> ofSite(String site) {
    return pool.preparedQuery(OF_SITE).execute(Tuple.of(site)).map(ScheduleStore::schedules);
  }

  /** Creates or changes the site's schedule of {@code period}; returns it as stored. */
  public Future<ReportSchedule> put(String site, ReportPeriod period, long channelId, ReportFormat format) {
    return pool.preparedQuery(UPSERT).execute(Tuple.of(site, period.wire(), channelId, format.wire()))
        .compose(done -> ofSite(site))
        .map(list -> list.stream().filter(s -> s.period() == period).findFirst().orElseThrow());
  }

  /** False when the site had no schedule of {@code period}. */
  public Future<Boolean> delete(String site, ReportPeriod period) {
    return pool.preparedQuery(DELETE).execute(Tuple.of(site, period.wire())).map(rows -> rows.rowCount() == 1);
  }

  Future<Void> sent(ReportSchedule s, Instant until) {
    return pool.preparedQuery(SENT).execute(Tuple.of(s.site(), s.period().wire(), until.atOffset(ZoneOffset.UTC)))
        .mapEmpty();
  }

  Future<Void> failed(ReportSchedule s, String error) {
    return pool.preparedQuery(FAILED).execute(Tuple.of(s.site(), s.period().wire(), error)).mapEmpty();
  }

  private static List<ReportSchedule> schedules(RowSet<Row> rows) {
    List<ReportSchedule> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new ReportSchedule(r.getString("site"), ReportPeriod.parse(r.getString("period")).orElseThrow(),
          r.getLong("channel_id"), ReportFormat.parse(r.getString("format")).orElseThrow(), r.getString("time_zone"),
          instant(r.getOffsetDateTime("sent_until")), instant(r.getOffsetDateTime("last_attempt_at")),
          r.getString("last_error")));
    }
    return out;
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
