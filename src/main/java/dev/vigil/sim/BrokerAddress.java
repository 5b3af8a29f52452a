package dev.vigil.sim;

import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Where a simulated device connects: parsed from mqtt://[user:pass@]host[:port] or mqtts://. */
public record BrokerAddress(String host, int port, String username, String password, boolean tls) {

  public static final String DEFAULT_URL = "mqtt://127.0.0.1:1883";

  /** Parses a broker URL; throws IllegalArgumentException naming what is wrong. */
  public static BrokerAddress parse(String url) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a broker URL: '" + url + "'", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("mqtt") && !scheme.equals("mqtts") || uri.getHost() == null) {
      throw new IllegalArgumentException("broker URL must look like mqtt://host:1883 or mqtts://host:8883, was '"
          + url + "'");
    }
    boolean tls = scheme.equals("mqtts");
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883;
    String user = null;
    String pass = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      pass = parts.length > 1 ? decode(parts[1]) : null;
    }
    return new BrokerAddress(uri.getHost(), port, user, pass, tls);
  }

  /** Client options carrying this address's credentials and TLS choice. */
  public MqttClientOptions clientOptions(String clientId) {
    MqttClientOptions options = new MqttClientOptions().setClientId(clientId);
    if (username != null) {
      options.setUsername(username);
    }
    if (password != null) {
      options.setPassword(password);
    }
    if (tls) {
      options.setSsl(true);
    }
    return options;
  }

  /** The same broker under other credentials (each real device has its own). */
  public BrokerAddress withCredentials(String user, String pass) {
    return new BrokerAddress(host, port, user, pass, tls);
  }

  @Override
  public String toString() {
    return (tls ? "mqtts://" : "mqtt://") + (username == null ? "" : username + "@") + host + ":" + port;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
