package dev.vigil.web;

import dev.vigil.ingest.Rejection;
import dev.vigil.store.DeadLetterQueries;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/**
 * {@code GET /api/dead-letters}: the messages Vigil refused, newest first, filtered by device, reason and
 * time, paged, with the number of refused messages per device under the same filter; and
 * {@code GET /api/dead-letters/reasons}: every reason there is, with its words, for the dashboard's filter.
 */
final class DeadLetterRoutes {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private final DeadLetterQueries deadLetters;

  DeadLetterRoutes(DeadLetterQueries deadLetters) {
    this.deadLetters = deadLetters;
  }

  void mount(Router api) {
    api.get("/dead-letters/reasons").handler(ctx -> Responses.json(ctx, 200, reasons()));
    api.get("/dead-letters").handler(this::list);
  }

  /** Every dead-letter reason in its order, with its words: the one list the dashboard offers. */
  static JsonObject reasons() {
    JsonArray items = new JsonArray();
    for (Rejection.Reason reason : Rejection.Reason.values()) {
      items.add(new JsonObject().put("reason", reason.code()).put("text", reason.words()));
    }
    return new JsonObject().put("items", items);
  }

  private void list(RoutingContext ctx) {
    Instant from = Params.instant(ctx, "from", null);
    Instant to = Params.instant(ctx, "to", null);
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiError.badParameter("from", "must be before 'to'");
    }
    DeadLetterQueries.Filter filter = new DeadLetterQueries.Filter(Params.optionalDeviceId(ctx, "deviceId"),
        reason(ctx), from, to, Params.integer(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        Params.integer(ctx, "offset", 0, 0, AlertRoutes.MAX_OFFSET));
    Responses.reply(ctx, deadLetters.list(filter));
  }

  private static String reason(RoutingContext ctx) {
    String code = Params.query(ctx, "reason");
    if (code == null) {
      return null;
    }
    return Rejection.Reason.ofCode(code).map(Rejection.Reason::code).orElseThrow(() -> ApiError.badParameter("reason",
        "must be a reason of docs/wire-contract.md, such as not_a_number or not_json"));
  }
}
