package dev.vigil.report;

import dev.vigil.energy.EnergyLookup;
import dev.vigil.forecast.ForecastQueries;
import dev.vigil.notify.ChannelSenders;
import dev.vigil.notify.ChannelStore;
import dev.vigil.notify.NotifyConfig;
import dev.vigil.store.AlertStore;
import dev.vigil.store.EnergyQueries;
import dev.vigil.store.JobLease;
import dev.vigil.store.SiteStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the scheduled reports (docs/energy.md, "Reports"): every {@link #every}, each schedule whose last whole
 * period (yesterday, last week, last month on its site's clock) has not been sent gets that period's report
 * as an attachment on its email channel, one schedule after another. One instance of a cluster sends
 * ({@link JobLease}); a failed send is recorded on the schedule and tried again on the next round.
 */
public final class ReportJob extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);
  static final String LEASE = "reports";
  public static final Duration EVERY = Duration.ofMinutes(10);

  private final Pool pool;
  private final NotifyConfig notify;
  private final String energyMetric;
  private final Duration every;
  private final ScheduleStore schedules;
  private final ChannelStore channels;
  private final JobLease lease;
  private SiteReports reports;
  private ChannelSenders senders;
  private long timer = -1;
  private boolean running;

  public ReportJob(Pool pool, NotifyConfig notify, String energyMetric, Duration every) {
    this.pool = pool;
    this.notify = notify;
    this.energyMetric = energyMetric;
    this.every = every;
    this.schedules = new ScheduleStore(pool);
    this.channels = new ChannelStore(pool);
    this.lease = new JobLease(pool, LEASE);
  }

  @Override
  public Future<?> start() {
    EnergyLookup energy = new EnergyLookup(new EnergyQueries(pool), new ForecastQueries(pool), energyMetric, vertx);
    reports = new SiteReports(vertx, energy, new AlertStore(pool), new SiteStore(pool));
    senders = new ChannelSenders(vertx, notify);
    timer = vertx.setPeriodic(every.toMillis(), id -> runOnce(Instant.now()));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.join(senders.close(), reports.close());
  }

  /**
   * One round at {@code now}: how many reports were sent; none while the previous round runs or another instance
   * holds the lease.
   */
  public Future<Integer> runOnce(Instant now) {
    if (running) {
      return Future.succeededFuture(0);
    }
    running = true;
    return lease.take(every.multipliedBy(2))
        .compose(held -> held ? schedules.all().compose(all -> sendDue(all, now)) : Future.succeededFuture(0))
        .onFailure(e -> LOG.warn("report round failed: {}", e.getMessage()))
        .onComplete(done -> running = false);
  }

  private Future<Integer> sendDue(List<ReportSchedule> all, Instant now) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (ReportSchedule s : all) {
      ReportRange range = s.period().lastWhole(ZoneId.of(s.timeZone()), now);
      if (s.sentUntil() != null && !s.sentUntil().isBefore(range.to())) {
        continue;
      }
      chain = chain.compose(n -> send(s, range)
          .compose(v -> schedules.sent(s, range.to())).map(v -> n + 1)
          .recover(e -> {
            LOG.warn("{} report of site {} not sent: {}", s.period().wire(), s.site(), e.getMessage());
            return schedules.failed(s, ChannelSenders.reason(e)).map(n);
          }));
    }
    return chain;
  }

  private Future<Void> send(ReportSchedule s, ReportRange range) {
    return channels.get(s.channelId()).compose(channel -> {
      if (channel.isEmpty()) {
        return Future.failedFuture("channel " + s.channelId() + " no longer exists");
      }
      return reports.build(s.site(), range, EnergyLookup.DEFAULT_TARIFF, "")
          .compose(report -> reports.render(report, s.format()).compose(file -> {
            MailAttachment attachment = MailAttachment.create().setName(s.format().fileName(report))
                .setContentType(s.format().contentType()).setDisposition("attachment").setData(file);
            return senders.emailWithAttachment(channel.get(), "[Vigil] " + report.title() + ": site " + s.site(),
                summary(report), attachment);
          }));
    });
  }

  private static String summary(SiteReport r) {
    return r.title() + " of site " + r.site() + ", " + r.from() + " to " + r.to() + " (" + r.timeZone() + ").\n\n"
        + "Consumption: " + ReportPdf.num(r.totals().consumptionKwh()) + " kWh\n"
        + "Cost: " + String.format(java.util.Locale.ROOT, "%.2f", r.totals().cost()) + "\n"
        + "Peak demand: " + ReportPdf.num(r.totals().peakKw()) + " kW\n"
        + "Alerts: " + r.alerts().size() + "\n\nThe report is attached.\n";
  }
}
