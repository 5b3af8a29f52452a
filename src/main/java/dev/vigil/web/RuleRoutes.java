package dev.vigil.web;

import dev.vigil.alert.Rule;
import dev.vigil.bus.Addresses;
import dev.vigil.store.RuleStore;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/rules}: threshold rule CRUD. Validation is {@link Rule#fromJson}'s (400 naming the field),
 * duplicates are the store's (409); every change is announced on {@link Addresses#RULES_CHANGED} so alert
 * verticles reload.
 */
final class RuleRoutes {

  private final RuleStore rules;
  private final EventBus bus;

  RuleRoutes(RuleStore rules, EventBus bus) {
    this.rules = rules;
    this.bus = bus;
  }

  void mount(Router api, Handler<RoutingContext> writeGuard) {
    api.get("/rules").handler(ctx -> Responses.reply(ctx, rules.list().map(list -> {
      JsonArray items = new JsonArray();
      list.forEach(rule -> items.add(rule.toJson()));
      return new JsonObject().put("items", items);
    })));
    api.get("/rules/:id").handler(this::get);
    api.post("/rules").handler(writeGuard).handler(this::create);
    api.put("/rules/:id").handler(writeGuard).handler(this::update);
    api.delete("/rules/:id").handler(writeGuard).handler(this::delete);
  }

  private void get(RoutingContext ctx) {
    long id = Params.positiveId(ctx, "id");
    Responses.reply(ctx, rules.get(id).map(found -> found.orElseThrow(() -> notFound(id)).toJson()));
  }

  private void create(RoutingContext ctx) {
    Rule rule = Rule.fromJson(body(ctx));
    rules.create(rule).onFailure(ctx::fail).onSuccess(created -> {
      announce("created", created.id());
      Responses.json(ctx, 201, created.toJson());
    });
  }

  private void update(RoutingContext ctx) {
    long id = Params.positiveId(ctx, "id");
    Rule rule = Rule.fromJson(body(ctx));
    Responses.reply(ctx, rules.update(id, rule).map(found -> {
      Rule updated = found.orElseThrow(() -> notFound(id));
      announce("updated", id);
      return updated.toJson();
    }));
  }

  private void delete(RoutingContext ctx) {
    long id = Params.positiveId(ctx, "id");
    rules.delete(id).onFailure(ctx::fail).onSuccess(deleted -> {
      if (!deleted) {
        ctx.fail(notFound(id));
        return;
      }
      announce("deleted", id);
      ctx.response().setStatusCode(204).end();
    });
  }

  private void announce(String change, long id) {
    bus.publish(Addresses.RULES_CHANGED, new JsonObject().put("change", change).put("id", id));
  }

  private static JsonObject body(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank() || !text.trim().startsWith("{")) {
      throw ApiError.badParameter("body", "must be a JSON object");
    }
    return new JsonObject(text);
  }

  private static ApiError notFound(long id) {
    return ApiError.notFound("rule " + id);
  }
}
