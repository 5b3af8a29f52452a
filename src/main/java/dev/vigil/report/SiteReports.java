package dev.vigil.report;

import dev.vigil.energy.EnergyLookup;
import dev.vigil.store.AlertStore;
import dev.vigil.store.SiteStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Builds a site's report from {@link EnergyLookup} (what /api/energy answers) and the alerts of its devices, and
 * renders it on a worker pool of {@link #RENDER_THREADS} threads shared by the API and the schedule, so that a
 * burst of downloads queues there instead of taking every worker thread.
 */
public final class SiteReports {

  public static final int RENDER_THREADS = 2;
  /** Alerts a report lists, oldest first. */
  public static final int MAX_ALERTS = 500;

  private final EnergyLookup energy;
  private final AlertStore alerts;
  private final SiteStore sites;
  private final WorkerExecutor worker;

  public SiteReports(Vertx vertx, EnergyLookup energy, AlertStore alerts, SiteStore sites) {
    this.energy = energy;
    this.alerts = alerts;
    this.sites = sites;
    this.worker = vertx.createSharedWorkerExecutor("vigil-reports", RENDER_THREADS);
  }

  /** The site's time zone; empty when there is no such site. */
  public Future<Optional<String>> timeZone(String site) {
    return sites.timeZone(site);
  }

  /** The report of {@code site} over {@code range}; {@code tariff} prices devices whose site has none. */
  public Future<SiteReport> build(String site, ReportRange range, double tariff, String currency) {
    EnergyLookup.Ask ask = new EnergyLookup.Ask(site, null, null, range.from(), range.to(), range.bucket(), null,
        tariff);
    return energy.lookup(ask).compose(answer -> {
      List<String> ids = answer.devices().stream().map(d -> d.id()).toList();
      return (ids.isEmpty() ? Future.succeededFuture(List.<dev.vigil.alert.Alert>of())
          : alerts.overlapping(ids, range.from(), range.to(), MAX_ALERTS))
          .map(live -> SiteReport.of(site, range, answer, live, currency, Instant.now()));
    });
  }

  /** The report rendered, off the event loop. */
  public Future<Buffer> render(SiteReport report, ReportFormat format) {
    return worker.executeBlocking(() -> Buffer.buffer(switch (format) {
      case PDF -> ReportPdf.render(report);
      case XLSX -> ReportWorkbook.render(report);
    }), false);
  }

  public Future<Void> close() {
    return worker.close();
  }
}
