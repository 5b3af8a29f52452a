package dev.vigil.web;

import dev.vigil.bus.Addresses;
import dev.vigil.notify.Channel;
import dev.vigil.notify.ChannelStore;
import dev.vigil.notify.DuplicateChannelException;
import dev.vigil.notify.InvalidChannelException;
import dev.vigil.notify.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code /api/channels} (notification channels: CRUD and "send test") and {@code /api/deliveries} (the
 * delivery log). Validation is {@link Channel#fromJson}'s (400 naming the field); a taken name is 409;
 * a test that the channel's far end refuses is 502 with its reason.
 */
final class NotificationRoutes {

  static final Set<String> DELIVERY_STATES = Set.of("pending", "sent", "failed");
  static final int MAX_LIMIT = 500;
  private static final long TEST_TIMEOUT_MS = 30_000;

  private final ChannelStore channels;
  private final Outbox outbox;
  private final EventBus bus;

  NotificationRoutes(ChannelStore channels, Outbox outbox, EventBus bus) {
    this.channels = channels;
    this.outbox = outbox;
    this.bus = bus;
  }

  void mount(Router api, Handler<RoutingContext> writeGuard) {
    api.get("/channels").handler(ctx -> Responses.reply(ctx, channels.list().map(list -> {
      JsonArray items = new JsonArray();
      list.forEach(c -> items.add(c.toJson()));
      return new JsonObject().put("items", items);
    })));
    api.get("/channels/:id").handler(this::get);
    api.post("/channels").handler(writeGuard).handler(this::create);
    api.put("/channels/:id").handler(writeGuard).handler(this::update);
    api.delete("/channels/:id").handler(writeGuard).handler(this::delete);
    api.post("/channels/:id/test").handler(writeGuard).handler(this::test);
    api.get("/deliveries").handler(this::deliveries);
  }

  private void get(RoutingContext ctx) {
    long id = Params.positiveId(ctx, "id");
    Responses.reply(ctx, channels.get(id).map(found -> found.orElseThrow(() -> notFound(id)).toJson()));
  }

  private void create(RoutingContext ctx) {
    Channel channel = parse(ctx);
    channels.create(channel).recover(NotificationRoutes::translate).onFailure(ctx::fail)
        .onSuccess(created -> Responses.json(ctx, 201, created.toJson()));
  }

  private void update(RoutingContext ctx) {
    long id = Params.positiveId(ctx, "id");
    Channel channel = parse(ctx);
    Responses.reply(ctx, channels.update(id, channel).recover(NotificationRoutes::translate)
        .map(found -> found.orElseThrow(() -> notFound(id)).toJson()));
  }

  private void delete(RoutingContext ctx) {
    long id = Params.positiveId(ctx, "id");
    channels.delete(id).onFailure(ctx::fail).onSuccess(deleted -> {
      if (deleted) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(notFound(id));
      }
    });
  }

  /** Sends a made-up alert on the channel now (through the sender, bypassing quiet hours and limits). */
  private void test(RoutingContext ctx) {
    long id = Params.positiveId(ctx, "id");
    channels.get(id).onFailure(ctx::fail).onSuccess(found -> {
      if (found.isEmpty()) {
        ctx.fail(notFound(id));
        return;
      }
      bus.<JsonObject>request(Addresses.NOTIFY_TEST, new JsonObject().put("channelId", id),
              new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(TEST_TIMEOUT_MS))
          .onSuccess(reply -> Responses.json(ctx, 200, reply.body()))
          .onFailure(e -> Responses.json(ctx, 502, new JsonObject().put("sent", false)
              .put("error", e instanceof ReplyException ? e.getMessage() : "the sender did not answer")));
    });
  }

  private void deliveries(RoutingContext ctx) {
    String channel = Params.query(ctx, "channelId");
    if (channel != null && (!channel.matches("\\d{1,18}") || Long.parseLong(channel) < 1)) {
      throw ApiError.badParameter("channelId", "must be a positive integer");
    }
    Long channelId = channel == null ? null : Long.valueOf(channel);
    Responses.reply(ctx, outbox.log(channelId, Params.oneOf(ctx, "state", DELIVERY_STATES),
        Params.integer(ctx, "limit", 100, 1, MAX_LIMIT), Params.integer(ctx, "offset", 0, 0, AlertRoutes.MAX_OFFSET)));
  }

  private static Channel parse(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank() || !text.trim().startsWith("{")) {
      throw ApiError.badParameter("body", "must be a JSON object");
    }
    try {
      return Channel.fromJson(0, new JsonObject(text));
    } catch (InvalidChannelException e) {
      throw ApiError.badParameter(e.field(), e.reason());
    } catch (DecodeException e) {
      throw ApiError.badParameter("body", "must be a JSON object");
    }
  }

  private static <T> Future<T> translate(Throwable e) {
    return Future.failedFuture(e instanceof DuplicateChannelException d ? ApiError.conflict(d.getMessage()) : e);
  }

  private static ApiError notFound(long id) {
    return ApiError.notFound("channel " + id);
  }
}
