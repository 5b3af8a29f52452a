package dev.vigil.infra;

import dev.vigil.sim.BrokerAddress;
import dev.vigil.web.HealthProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.sqlclient.Pool;

/** Answers /health: can this instance reach its database and its broker right now? */
final class InfrastructureHealth implements HealthProbe {

  private static final int TIMEOUT_MS = 2000;

  private final Pool pool;
  private final BrokerAddress broker;
  private final io.vertx.core.net.NetClient net;

  InfrastructureHealth(Vertx vertx, Pool pool, BrokerAddress broker) {
    this.pool = pool;
    this.broker = broker;
    this.net = vertx.createNetClient(new NetClientOptions().setConnectTimeout(TIMEOUT_MS));
  }

  @Override
  public Future<JsonObject> check() {
    Future<JsonObject> database = pool.query("SELECT 1").execute()
        .map(rows -> status(true, null))
        .otherwise(e -> status(false, e.getMessage()));
    Future<JsonObject> mqtt = net.connect(broker.port(), broker.host())
        .compose(socket -> socket.close().map(v -> status(true, null)))
        .otherwise(e -> status(false, e.getMessage()));
    return Future.join(database, mqtt).transform(done -> Future.succeededFuture(new JsonObject()
        .put("database", database.result())
        .put("broker", mqtt.result().put("url", broker.toString()))));
  }

  private static JsonObject status(boolean up, String error) {
    JsonObject json = new JsonObject().put("status", up ? "up" : "down");
    return error == null ? json : json.put("error", error);
  }
}
