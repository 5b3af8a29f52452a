package dev.vigil.ingest;

import dev.vigil.bus.Addresses;
import dev.vigil.bus.ClusterView;
import dev.vigil.bus.Rendezvous;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover of broker sessions in a cluster. A shared subscription's broker (Mosquitto 2.0) keeps
 * giving a crashed member's persistent session its share of the devices and queues them there until
 * the session expires; nobody else receives them. So every member records its MQTT client id in a
 * cluster-wide map ({@link #SESSIONS}: client id to "node id, topic filter"), and when a member is
 * gone from the cluster one survivor, the same one on every instance (rendezvous hashing of the
 * client id over the members left), adopts its session ({@link AdoptedSession}): drains what the
 * broker queued and ends its share. The entry is removed once drained; if the adopter dies first,
 * the entry is still there and the next survivor in line adopts it.
 *
 * <p>Checked on every membership change and every {@link #SCAN_MS} (a safety net, and the retry
 * after a failed drain). A member that comes back under its old client id overwrites its entry
 * before it connects, so it is no longer adopted; if a drain was running, the member's connection
 * takes the client id over from the adopter, whose drain then fails and is not retried.
 */
final class SessionAdoption {

  /** Cluster-wide map: MQTT client id to {@code "<node id> <topic filter>"} of the member using it. */
  static final String SESSIONS = "vigil.ingest.sessions";
  static final long SCAN_MS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(SessionAdoption.class);

  private final Vertx vertx;
  private final IngestConfig config;
  private final Supplier<ClusterView> cluster;
  private final Function<MqttPublishMessage, Future<Void>> ingest;
  /** Drains running here, by client id. */
  private final Map<String, AdoptedSession> adopted = new HashMap<>();
  private AsyncMap<String, String> sessions;
  /** The map as last read: reading it right after a member left waits for Hazelcast to settle (seconds). */
  private Map<String, String> known = Map.of();
  private List<String> lastMembers = List.of();
  private MessageConsumer<Object> membership;
  private long scanTimer = -1;
  private boolean stopping;

  SessionAdoption(Vertx vertx, IngestConfig config, Supplier<ClusterView> cluster,
      Function<MqttPublishMessage, Future<Void>> ingest) {
    this.vertx = vertx;
    this.config = config;
    this.cluster = cluster;
    this.ingest = ingest;
  }

  /** Records this member's session (call before connecting with it), then starts watching for orphans. */
  Future<Void> start() {
    return vertx.sharedData().<String, String>getAsyncMap(SESSIONS)
        .compose(map -> {
          sessions = map;
          return map.put(config.clientId(), entry(cluster.get().self(), config.topicFilter()));
        })
        .compose(v -> {
          membership = vertx.eventBus().localConsumer(Addresses.MEMBERS_CHANGED, m -> adoptOrphans());
          lastMembers = cluster.get().members();
          scanTimer = vertx.setPeriodic(SCAN_MS, id -> adoptOrphans());
          return membership.completion();
        })
        .onSuccess(v -> adoptOrphans());
  }

  /** Stops adopting; running drains end, leaving their unacknowledged messages with the broker. */
  Future<Void> stop() {
    stopping = true;
    vertx.cancelTimer(scanTimer);
    adopted.values().forEach(AdoptedSession::abandon);
    return membership == null ? Future.succeededFuture() : membership.unregister();
  }

  /**
   * Every recorded session whose member is gone and whose adopter, by rendezvous, is this instance:
   * at once those of members that just left, as last read (the map itself answers only once
   * Hazelcast has moved the partitions), then all of them, as the map has them now.
   */
  private void adoptOrphans() {
    if (stopping) {
      return;
    }
    ClusterView view = cluster.get();
    List<String> left = lastMembers.stream().filter(m -> !view.members().contains(m)).toList();
    lastMembers = view.members();
    known.forEach((clientId, entry) -> {
      if (left.contains(nodeOf(entry))) {
        adoptIfMine(view, clientId, entry);
      }
    });
    sessions.entries()
        .onSuccess(entries -> {
          known = entries;
          entries.forEach((clientId, entry) -> adoptIfMine(cluster.get(), clientId, entry));
        })
        .onFailure(e -> LOG.warn("cannot read the cluster's MQTT sessions: {}", e.getMessage()));
  }

  private void adoptIfMine(ClusterView view, String clientId, String entry) {
    if (isMineToAdopt(view, clientId, entry) && !adopted.containsKey(clientId) && !stopping) {
      adopt(clientId, entry);
    }
  }

  /** Whether {@code view}'s instance is the one to adopt the session recorded as {@code clientId -> entry}. */
  static boolean isMineToAdopt(ClusterView view, String clientId, String entry) {
    return !view.members().contains(nodeOf(entry)) && view.self().equals(Rendezvous.ownerOf(clientId, view.members()));
  }

  private void adopt(String clientId, String entry) {
    LOG.info("cluster member {} is gone; adopting its broker session {}", nodeOf(entry), clientId);
    AdoptedSession session = new AdoptedSession(vertx, config, clientId, topicOf(entry), ingest);
    adopted.put(clientId, session);
    session.drain()
        // Only if the entry is unchanged: a member back under this client id has overwritten it.
        .compose(stored -> sessions.removeIfPresent(clientId, entry).map(stored))
        .onComplete(result -> {
          adopted.remove(clientId);
          if (result.succeeded()) {
            LOG.info("drained the broker session {}: {} message(s) stored; its share goes to the others now",
                clientId, result.result());
          } else if (!stopping) {
            LOG.warn("broker session {} not fully drained ({}); trying again within {} s unless its member is back",
                clientId, result.cause().getMessage(), SCAN_MS / 1000);
          }
        });
  }

  static String entry(String node, String topicFilter) {
    return node + " " + topicFilter;
  }

  static String nodeOf(String entry) {
    int space = entry.indexOf(' ');
    return space < 0 ? entry : entry.substring(0, space);
  }

  static String topicOf(String entry) {
    int space = entry.indexOf(' ');
    return space < 0 ? "" : entry.substring(space + 1);
  }
}
