package dev.vigil.infra;

import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigKey;
import dev.vigil.config.VigilConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hazelcast configuration of a clustered instance: Vert.x's defaults (the maps its event bus
 * needs; a cluster.xml on the classpath still wins over them), then Vigil's settings on top: cluster
 * name, port, the interface to use, and how members find each other (multicast, or TCP to a list).
 */
final class HazelcastSettings {

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastSettings.class);

  private HazelcastSettings() {
  }

  /** Blocking (it may resolve host names): call at start, off any event loop. */
  static Config of(VigilConfig c) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(c.clusterName());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // How soon a crashed member is declared gone, so that its devices move and its broker session is
    // adopted (ingest/SessionAdoption); failover must finish within 10 s. A process that dies on a host
    // that stays up refuses the reconnects at once and is removed in about a second (connection
    // monitor); a silent host (power loss, cable) is removed after the heartbeat timeout.
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    // Two instances started at the same moment may each form a cluster; look for the other one soon.
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "15");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "30");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(c.clusterPort()).setPortAutoIncrement(true);
    if (!c.clusterHost().isEmpty()) {
      String address = resolve(c.clusterHost());
      network.getInterfaces().setEnabled(true).setInterfaces(List.of(address));
      config.setProperty("hazelcast.socket.bind.any", "false");
    }
    if (!c.clusterMembers().isEmpty()) {
      JoinConfig join = network.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      TcpIpConfig tcp = join.getTcpIpConfig().setEnabled(true);
      for (String member : c.clusterMembers()) {
        expand(member).forEach(tcp::addMember);
      }
      LOG.info("cluster {}: joining over TCP via {}", c.clusterName(), tcp.getMembers());
    }
    return config;
  }

  /**
   * The entry itself, plus every address its host name has now. Hazelcast resolves a name to one
   * address only; a docker compose service name resolves to every replica, and each may be the one
   * already running. The name stays in the list so that later lookups (merging clusters) see new ones.
   */
  static Set<String> expand(String member) {
    Set<String> out = new LinkedHashSet<>();
    out.add(member);
    if (member.startsWith("[")) {
      return out; // an IPv6 literal: nothing to resolve
    }
    int colon = member.indexOf(':');
    String host = colon < 0 ? member : member.substring(0, colon);
    String port = colon < 0 ? "" : member.substring(colon);
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (address.getAddress().length == 4) {
          out.add(address.getHostAddress() + port);
        }
      }
    } catch (UnknownHostException e) {
      LOG.warn("cluster member {} does not resolve yet; Hazelcast will try the name again", host);
    }
    return out;
  }

  private static String resolve(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException(ConfigKey.CLUSTER_HOST.envVar() + " (" + ConfigKey.CLUSTER_HOST.key()
          + ") does not resolve: " + host);
    }
  }
}
