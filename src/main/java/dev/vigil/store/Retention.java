package dev.vigil.store;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/**
 * How long each kind of data is kept; 0 means forever (for compaction: never compact).
 *
 * @param readingsDays      raw readings, recent rows and compacted blocks; dropped a whole UTC day partition at a time
 * @param compactAfterHours recent readings older than this many hours become per-device, per-hour blocks
 * @param rollupsDays       minute rollups (the charts of long ranges)
 * @param deadLettersDays   refused messages
 */
public record Retention(int readingsDays, int compactAfterHours, int rollupsDays, int deadLettersDays) {

  public Retention {
    if (readingsDays < 0 || compactAfterHours < 0 || rollupsDays < 0 || deadLettersDays < 0) {
      throw new IllegalArgumentException("retention periods must be 0 (forever) or positive");
    }
  }

  static Retention fromRow(Row row) {
    return new Retention(row.getInteger("readings_days"), row.getInteger("compact_after_hours"),
        row.getInteger("rollups_days"), row.getInteger("dead_letters_days"));
  }

  /** As shown in {@code /api/stats}. */
  public JsonObject toJson() {
    return new JsonObject().put("readingsDays", readingsDays).put("compactAfterHours", compactAfterHours)
        .put("rollupsDays", rollupsDays).put("deadLettersDays", deadLettersDays);
  }
}
