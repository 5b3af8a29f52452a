package dev.vigil.infra;

import com.hazelcast.config.Config;
import dev.vigil.bus.ClusterView;
import io.vertx.core.spi.cluster.NodeListener;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vert.x's Hazelcast cluster manager, also keeping this instance's {@link ClusterView}: who the
 * members are, hence who owns which device. The cluster manager SPI takes a single node listener
 * (Vert.x's HA manager uses it when HA is on), so this one listens itself and passes every event on.
 *
 * <p>The view is rebuilt from the member list on each event (and by {@link #refresh()}), never
 * patched, so a missed event cannot leave it wrong for good. Thread-safe: events arrive on
 * Hazelcast's threads, the view is read on event loops.
 */
final class OwnershipClusterManager extends HazelcastClusterManager implements Supplier<ClusterView> {

  private static final Logger LOG = LoggerFactory.getLogger(OwnershipClusterManager.class);

  private volatile ClusterView view;
  private volatile NodeListener vertxListener;
  private volatile Consumer<ClusterView> onChange = v -> { };
  /** Not the manager's own monitor: Hazelcast holds that while it cleans up, and a timer must never wait on it. */
  private final Object refreshing = new Object();

  OwnershipClusterManager(Config config) {
    super(config);
    super.nodeListener(new NodeListener() {
      @Override
      public void nodeAdded(String nodeId) {
        passOn(vertxSide -> vertxSide.nodeAdded(nodeId));
      }

      @Override
      public void nodeLeft(String nodeId) {
        passOn(vertxSide -> vertxSide.nodeLeft(nodeId));
      }
    });
  }

  /** Hands a membership event to Vert.x's own listener (if it set one), then rebuilds the view. */
  private void passOn(Consumer<NodeListener> event) {
    NodeListener next = vertxListener;
    if (next != null) {
      event.accept(next);
    }
    refresh();
  }

  @Override
  public void nodeListener(NodeListener listener) {
    this.vertxListener = listener;
  }

  /** The current view; available once the cluster is joined and {@link #refresh()} ran. */
  @Override
  public ClusterView get() {
    ClusterView current = view;
    if (current == null) {
      throw new IllegalStateException("no view of the cluster before it is joined");
    }
    return current;
  }

  /** Called with each new view, on a Hazelcast or timer thread (hand it to the event bus). */
  void onChange(Consumer<ClusterView> listener) {
    this.onChange = listener;
  }

  /** Rebuilds the view from the cluster's member list; tells the listener when it changed. */
  void refresh() {
    synchronized (refreshing) {
      if (!isActive()) {
        return;
      }
      ClusterView next;
      try {
        next = new ClusterView(getNodeId(), getNodes());
      } catch (RuntimeException e) {
        LOG.debug("cluster members not readable now: {}", e.getMessage());
        return;
      }
      if (next.equals(view)) {
        return;
      }
      view = next;
      LOG.info("cluster members: {} (this node {}); devices are owned accordingly", next.members().size(),
          next.self());
      try {
        onChange.accept(next);
      } catch (RuntimeException e) {
        LOG.warn("cluster change not passed on (shutting down?): {}", e.getMessage());
      }
    }
  }
}
