/**
 * A site's report over a day, week, month or any range (docs/energy.md, "Reports"): the figures of
 * {@code GET /api/energy} ({@link dev.vigil.energy.EnergyLookup}), the alerts of the range with the energy their
 * devices used meanwhile, and the forecast beside the measured days; rendered as a PDF with charts (PDFBox,
 * JFreeChart) or an xlsx workbook (POI) on a bounded worker pool, downloadable from the API and sent on a schedule
 * through an email channel ({@link dev.vigil.report.ReportJob}).
 */
package dev.vigil.report;
