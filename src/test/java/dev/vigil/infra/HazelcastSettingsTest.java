package dev.vigil.infra;

import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigKey;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How --cluster settings become Hazelcast's configuration. */
class HazelcastSettingsTest {

  @Test
  void withoutMembersInstancesFindEachOtherByMulticast() {
    Config config = HazelcastSettings.of(load(Map.of()));

    JoinConfig join = config.getNetworkConfig().getJoin();
    // Vert.x's default is Hazelcast's auto-detection, which joins by multicast outside a cloud.
    assertThat(join.getMulticastConfig().isEnabled() || join.getAutoDetectionConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(config.getClusterName()).isEqualTo("vigil");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
  }

  @Test
  void withMembersJoinsOverTcpOnlyListingEveryAddressOfAHostName() {
    Config config = HazelcastSettings.of(load(Map.of(ConfigKey.CLUSTER_MEMBERS, "localhost:5801, 127.0.0.7")));

    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).contains("localhost:5801", "127.0.0.1:5801", "127.0.0.7");
  }

  @Test
  void clusterHostPinsTheInterfaceAndNameAndPortApply() {
    Config config = HazelcastSettings.of(load(Map.of(ConfigKey.CLUSTER_HOST, "127.0.0.1",
        ConfigKey.CLUSTER_NAME, "plant-3", ConfigKey.CLUSTER_PORT, "5900")));

    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getClusterName()).isEqualTo("plant-3");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5900);
  }

  @Test
  void keepsTheMapsTheVertxEventBusNeeds() {
    Config config = HazelcastSettings.of(load(Map.of()));

    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
  }

  @Test
  void rejectsAMemberListThatIsNotHostsAndPortsNamingTheVariable() {
    assertThatThrownBy(() -> load(Map.of(ConfigKey.CLUSTER_MEMBERS, "vigil:80:80")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_CLUSTER_MEMBERS");
  }

  @Test
  void rejectsAClusterNameWithSpaces() {
    assertThatThrownBy(() -> load(Map.of(ConfigKey.CLUSTER_NAME, "my plant")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_CLUSTER_NAME");
  }

  private static VigilConfig load(Map<ConfigKey, String> overrides) {
    return ConfigLoader.load(null, Map.of(), overrides);
  }
}
