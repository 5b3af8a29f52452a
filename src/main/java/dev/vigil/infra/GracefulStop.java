package dev.vigil.infra;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undeploys stages one after another, the last deployed first. Stages are deployed downstream first
 * (store, scoring, ..., ingest last), so ingest stops (draining what it holds) while everything it
 * depends on still runs, and the store, which every other stage feeds, stops last.
 */
final class GracefulStop {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

  private GracefulStop() {
  }

  static Future<Void> undeployInReverse(Vertx vertx, List<String> deploymentIds) {
    List<String> reversed = new ArrayList<>(deploymentIds);
    Collections.reverse(reversed);
    Future<Void> chain = Future.succeededFuture();
    for (String id : reversed) {
      // One stage that fails to stop must not keep the others (and the pool) running.
      chain = chain.transform(previous -> vertx.undeploy(id)
          .onFailure(e -> LOG.warn("stopping deployment {}: {}", id, e.getMessage()))
          .otherwiseEmpty());
    }
    return chain;
  }
}
