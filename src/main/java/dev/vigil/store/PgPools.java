package dev.vigil.store;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Builds the one connection pool an instance shares between its verticles. */
public final class PgPools {

  private PgPools() {
  }

  public static Pool create(Vertx vertx, String pgUri, int size) {
    PgConnectOptions connect = PgConnectOptions.fromUri(pgUri)
        .setCachePreparedStatements(true)
        .setReconnectAttempts(2)
        .setReconnectInterval(500);
    PoolOptions pool = new PoolOptions().setMaxSize(size).setShared(true).setName("vigil-pg");
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
  }
}
