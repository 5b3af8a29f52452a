package dev.vigil.testsupport;

import dev.vigil.config.ConfigKey;
import dev.vigil.config.ConfigLoader;
import dev.vigil.infra.VigilRuntime;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/** A whole Vigil instance on the test broker and a given database, as `vigil serve` would run it. */
public final class TestVigil {

  private TestVigil() {
  }

  /**
   * Starts Vigil on {@link TestInfra#broker()} and {@code pgUri}, on {@code httpPort}, with
   * {@code extra} settings on top. It subscribes with a plain filter under a fresh client id: a
   * shared subscription on a broker that other test runs also use could hand readings to their
   * left-over persistent sessions. It listens on 127.0.0.1, so by default it is open on localhost (no login,
   * as the zero-install mode); a test of users and roles sets auth.open.localhost=false.
   */
  public static VigilRuntime start(String pgUri, int httpPort, Map<ConfigKey, String> extra) throws Exception {
    Map<ConfigKey, String> settings = new EnumMap<>(ConfigKey.class);
    settings.put(ConfigKey.MQTT_URL, TestInfra.broker().url());
    settings.put(ConfigKey.PG_URL, pgUri);
    settings.put(ConfigKey.HTTP_HOST, "127.0.0.1");
    settings.put(ConfigKey.HTTP_PORT, Integer.toString(httpPort));
    settings.put(ConfigKey.MQTT_CLIENT_ID, "vigil-test-" + UUID.randomUUID());
    settings.put(ConfigKey.MQTT_TOPIC, "devices/+/telemetry");
    settings.putAll(extra);
    return VigilRuntime.start(ConfigLoader.load(null, Map.of(), settings));
  }
}
