package dev.vigil.config;

import dev.vigil.forecast.ForecastConfig;
import dev.vigil.notify.NotifyConfig;
import dev.vigil.notify.RetrySchedule;
import dev.vigil.store.Retention;
import dev.vigil.web.WebConfig;
import java.net.URI;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The validated settings of one Vigil instance, loaded once and passed into constructors. Each
 * stage receives only its own slice (see {@link StageConfigs}).
 */
public record VigilConfig(
    String mqttUrl, int mqttEmbeddedPort, String mqttClientId, String mqttTopic, long mqttReconnectMaxMs,
    String pgUrl, int pgPoolSize, int pgEmbeddedPort, String dataDir,
    String httpHost, int httpPort, String apiToken, List<String> httpOrigins, String metricsToken,
    int httpIdleTimeoutS, int httpHeaderTimeoutS, int httpConnectionsMax, boolean authOpenLocalhost,
    int scoringLanes, int scoringWarmup, double scoringThreshold, int scoringDevicesMax, long scoringDevicesIdleSeconds,
    int storeBatchSize, long storeBatchDelayMs, int storeMaxPending, long storeBandEveryMs, Retention storeRetention,
    String alertRules, int alertOpenAfter, int alertClearAfter, long alertOfflineAfterSeconds, NotifyConfig notifications,
    ForecastConfig forecast, boolean cluster, String clusterName, String clusterHost, int clusterPort, List<String> clusterMembers) {

  /** Validates resolved values; every failure names the key and its environment variable. */
  static VigilConfig from(Map<ConfigKey, String> v) {
    return new VigilConfig(
        url(v, ConfigKey.MQTT_URL, "mqtt", "mqtts"), port(v, ConfigKey.MQTT_EMBEDDED_PORT),
        v.get(ConfigKey.MQTT_CLIENT_ID), v.get(ConfigKey.MQTT_TOPIC),
        integer(v, ConfigKey.MQTT_RECONNECT_MAX_MS, 100, 600_000),
        url(v, ConfigKey.PG_URL, "postgresql", "postgres"), integer(v, ConfigKey.PG_POOL_SIZE, 1, 256),
        integer(v, ConfigKey.PG_EMBEDDED_PORT, 0, 65535), v.get(ConfigKey.DATA_DIR),
        v.get(ConfigKey.HTTP_HOST), integer(v, ConfigKey.HTTP_PORT, 0, 65535), v.get(ConfigKey.API_TOKEN),
        origins(v, ConfigKey.HTTP_ORIGINS), v.get(ConfigKey.METRICS_TOKEN),
        integer(v, ConfigKey.HTTP_IDLE_TIMEOUT_S, 30, 86_400), integer(v, ConfigKey.HTTP_HEADER_TIMEOUT_S, 1, 3_600),
        integer(v, ConfigKey.HTTP_CONNECTIONS_MAX, 0, 10_000_000), openOnLocalhost(v),
        integer(v, ConfigKey.SCORING_LANES, 0, 256), integer(v, ConfigKey.SCORING_WARMUP, 10, 100_000),
        fraction(v, ConfigKey.SCORING_THRESHOLD), integer(v, ConfigKey.SCORING_DEVICES_MAX, 0, 10_000_000),
        integer(v, ConfigKey.SCORING_DEVICES_IDLE_S, 1, 31_536_000),
        integer(v, ConfigKey.STORE_BATCH_SIZE, 1, 10_000), integer(v, ConfigKey.STORE_BATCH_DELAY_MS, 0, 10_000),
        integer(v, ConfigKey.STORE_MAX_PENDING, 1, 10_000_000),
        integer(v, ConfigKey.STORE_READINGS_BAND_EVERY_MS, 0, 86_400_000), retention(v),
        v.get(ConfigKey.ALERT_RULES), integer(v, ConfigKey.ALERT_OPEN_AFTER, 1, 1000),
        integer(v, ConfigKey.ALERT_CLEAR_AFTER, 1, 100_000), integer(v, ConfigKey.ALERT_OFFLINE_AFTER_S, 5, 31_536_000), notify(v),
        forecast(v),
        bool(v, ConfigKey.CLUSTER), name(v, ConfigKey.CLUSTER_NAME), v.get(ConfigKey.CLUSTER_HOST),
        port(v, ConfigKey.CLUSTER_PORT), hostPorts(v, ConfigKey.CLUSTER_MEMBERS));
  }

  /** auto: on exactly when bound to a loopback address; never on for another address (it would open the network). */
  private static boolean openOnLocalhost(Map<ConfigKey, String> v) {
    ConfigKey key = ConfigKey.AUTH_OPEN_LOCALHOST;
    String value = v.get(key).trim().toLowerCase(java.util.Locale.ROOT);
    boolean loopback = WebConfig.loopback(v.get(ConfigKey.HTTP_HOST));
    switch (value) {
      case "auto":
        return loopback;
      case "false":
        return false;
      case "true":
        if (!loopback) {
          throw new ConfigException(key.envVar() + " (" + key.key() + ") true needs " + ConfigKey.HTTP_HOST.envVar()
              + " to be a loopback address (127.0.0.1, ::1, localhost), was '" + v.get(ConfigKey.HTTP_HOST)
              + "': bound to it, a dashboard without login would be open to the network");
        }
        return true;
      default:
        throw new ConfigException(key.envVar() + " (" + key.key() + ") must be auto, true or false, was '"
            + v.get(key) + "'");
    }
  }

  private static Retention retention(Map<ConfigKey, String> v) {
    return new Retention(integer(v, ConfigKey.STORE_READINGS_RETENTION_DAYS, 0, 1_000_000),
        integer(v, ConfigKey.STORE_READINGS_COMPACT_AFTER_H, 0, 1_000_000),
        integer(v, ConfigKey.STORE_ROLLUPS_RETENTION_DAYS, 0, 1_000_000),
        integer(v, ConfigKey.STORE_DEAD_LETTERS_RETENTION_DAYS, 0, 1_000_000));
  }

  private static ForecastConfig forecast(Map<ConfigKey, String> v) {
    String metric = v.get(ConfigKey.FORECAST_METRIC).trim();
    if (!dev.vigil.ingest.MetricNames.valid(metric)) {
      throw new ConfigException(ConfigKey.FORECAST_METRIC.envVar() + " (" + ConfigKey.FORECAST_METRIC.key()
          + ") must be a metric name (letters, digits, _ . -, at most 64), was '" + metric + "'");
    }
    String zone = v.get(ConfigKey.FORECAST_ZONE).trim();
    ZoneId zoneId;
    try {
      zoneId = zone.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(zone);
    } catch (java.time.DateTimeException e) {
      throw new ConfigException(ConfigKey.FORECAST_ZONE.envVar() + " (" + ConfigKey.FORECAST_ZONE.key()
          + ") must be a time zone such as Europe/Berlin or UTC, was '" + zone + "'");
    }
    return new ForecastConfig(metric,
        java.time.Duration.ofMinutes(integer(v, ConfigKey.FORECAST_EVERY_MIN, 0, 10_080)), zoneId);
  }

  private static NotifyConfig notify(Map<ConfigKey, String> v) {
    RetrySchedule retry = new RetrySchedule(
        java.time.Duration.ofMillis(integer(v, ConfigKey.NOTIFY_RETRY_FIRST_MS, 10, 3_600_000)),
        java.time.Duration.ofMillis(integer(v, ConfigKey.NOTIFY_RETRY_MAX_MS, 10, 86_400_000)),
        integer(v, ConfigKey.NOTIFY_RETRY_ATTEMPTS, 1, 10_000));
    String starttls = v.get(ConfigKey.SMTP_STARTTLS).toLowerCase(java.util.Locale.ROOT);
    if (!java.util.Set.of("disabled", "optional", "required").contains(starttls)) {
      throw new ConfigException(ConfigKey.SMTP_STARTTLS.envVar() + " (" + ConfigKey.SMTP_STARTTLS.key()
          + ") must be disabled, optional or required, was '" + starttls + "'");
    }
    return new NotifyConfig(integer(v, ConfigKey.NOTIFY_INTERVAL_MS, 50, 3_600_000),
        integer(v, ConfigKey.NOTIFY_BATCH_SIZE, 1, 1000), retry,
        integer(v, ConfigKey.NOTIFY_SEND_TIMEOUT_MS, 100, 600_000),
        url(v, ConfigKey.NOTIFY_DASHBOARD_URL, "http", "https"),
        integer(v, ConfigKey.NOTIFY_LOG_RETENTION_DAYS, 1, 3650),
        new NotifyConfig.Smtp(v.get(ConfigKey.SMTP_HOST), port(v, ConfigKey.SMTP_PORT), starttls,
            bool(v, ConfigKey.SMTP_SSL), v.get(ConfigKey.SMTP_USERNAME), v.get(ConfigKey.SMTP_PASSWORD),
            v.get(ConfigKey.SMTP_FROM)));
  }

  public boolean embeddedBroker() {
    return mqttUrl.isEmpty();
  }

  public boolean embeddedPostgres() {
    return pgUrl.isEmpty();
  }

  /** Lanes to run: the configured number, or one per core. */
  public int effectiveScoringLanes() {
    return scoringLanes > 0 ? scoringLanes : Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  private static String url(Map<ConfigKey, String> v, ConfigKey key, String... schemes) {
    String value = v.get(key);
    if (value.isEmpty()) {
      return value;
    }
    try {
      URI uri = URI.create(value);
      for (String scheme : schemes) {
        if (scheme.equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
          return value;
        }
      }
    } catch (IllegalArgumentException e) {
      // reported below with the expected form
    }
    throw new ConfigException(key.envVar() + " (" + key.key() + ") must look like " + schemes[0]
        + "://host:port..., was '" + value + "'");
  }

  private static int port(Map<ConfigKey, String> v, ConfigKey key) {
    return integer(v, key, 1, 65535);
  }

  private static int integer(Map<ConfigKey, String> v, ConfigKey key, int min, int max) {
    String value = v.get(key);
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw new ConfigException(key.envVar() + " (" + key.key() + ") must be a whole number from " + min + " to "
        + max + ", was '" + value + "'");
  }

  private static double fraction(Map<ConfigKey, String> v, ConfigKey key) {
    String value = v.get(key);
    try {
      double d = Double.parseDouble(value);
      if (d > 0.0 && d <= 1.0) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw new ConfigException(key.envVar() + " (" + key.key() + ") must be a number in (0, 1], was '" + value + "'");
  }

  private static String name(Map<ConfigKey, String> v, ConfigKey key) {
    String value = v.get(key);
    if (value.matches("[A-Za-z0-9_.-]{1,64}")) {
      return value;
    }
    throw new ConfigException(key.envVar() + " (" + key.key() + ") must be 1 to 64 letters, digits, '_', '.' or '-',"
        + " was '" + value + "'");
  }

  /** A comma-separated list of host or host:port (an IPv6 address in brackets when it has a port). */
  private static List<String> hostPorts(Map<ConfigKey, String> v, ConfigKey key) {
    List<String> entries = new ArrayList<>();
    for (String raw : v.get(key).split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      if (!entry.matches("[A-Za-z0-9_.-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?")) {
        throw new ConfigException(key.envVar() + " (" + key.key() + ") must be a comma-separated list of host or"
            + " host:port, was '" + v.get(key) + "'");
      }
      entries.add(entry);
    }
    return List.copyOf(entries);
  }

  /** A comma-separated list of http(s)://host[:port] (a trailing slash is dropped). */
  private static List<String> origins(Map<ConfigKey, String> v, ConfigKey key) {
    List<String> entries = new ArrayList<>();
    for (String raw : v.get(key).split(",")) {
      String entry = raw.trim().replaceAll("/$", "");
      if (entry.isEmpty()) {
        continue;
      }
      if (!entry.matches("(?i)https?://([A-Za-z0-9_.-]+|\\[[0-9A-Fa-f:.]+])(:\\d{1,5})?")) {
        throw new ConfigException(key.envVar() + " (" + key.key() + ") must be a comma-separated list of"
            + " http(s)://host[:port], was '" + v.get(key) + "'");
      }
      entries.add(entry);
    }
    return List.copyOf(entries);
  }

  private static boolean bool(Map<ConfigKey, String> v, ConfigKey key) {
    String value = v.get(key).toLowerCase(java.util.Locale.ROOT);
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new ConfigException(key.envVar() + " (" + key.key() + ") must be true or false, was '" + value + "'");
  }
}
