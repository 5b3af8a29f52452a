package dev.vigil.report;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A site's report sent every day, week or month through an email channel.
 *
 * @param timeZone  the site's, which sets where its days begin
 * @param sentUntil end of the last period sent, null before the first
 */
public record ReportSchedule(String site, ReportPeriod period, long channelId, ReportFormat format, String timeZone,
    Instant sentUntil, Instant lastAttemptAt, String lastError) {

  public JsonObject toJson() {
    return new JsonObject().put("site", site).put("period", period.wire()).put("channelId", channelId)
        .put("format", format.wire()).put("sentUntil", text(sentUntil)).put("lastAttemptAt", text(lastAttemptAt))
        .put("lastError", lastError);
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
