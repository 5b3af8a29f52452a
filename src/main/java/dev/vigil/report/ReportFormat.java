package dev.vigil.report;

import java.util.Locale;
import java.util.Optional;

/** What a report is rendered as. */
public enum ReportFormat {
  PDF("application/pdf", "pdf"),
  XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");

  private final String contentType;
  private final String extension;

  ReportFormat(String contentType, String extension) {
    this.contentType = contentType;
    this.extension = extension;
  }

  public static Optional<ReportFormat> parse(String text) {
    for (ReportFormat f : values()) {
      if (f.extension.equals(text)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String contentType() {
    return contentType;
  }

  /** e.g. {@code vigil-hq-2024-05-06-to-2024-05-13.pdf} (site ids are [A-Za-z0-9_.:-], ':' becomes '-'). */
  public String fileName(SiteReport report) {
    java.time.ZoneId zone = java.time.ZoneId.of(report.timeZone());
    String from = report.from().atZone(zone).toLocalDate().toString();
    String to = report.to().minusSeconds(1).atZone(zone).toLocalDate().toString();
    String range = from.equals(to) ? from : from + "-to-" + to;
    return "vigil-" + report.site().replace(':', '-') + "-" + range + "." + extension;
  }
}
