package dev.vigil.ingest;

import dev.vigil.config.ConfigKey;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the ingest stage needs to know about the broker it reads from.
 *
 * @param host            broker host
 * @param port            broker port
 * @param ssl             whether to connect with TLS (mqtts://)
 * @param username        user name, or null
 * @param password        password, or null
 * @param clientId        stable client id: the broker keeps this instance's session under it (other
 *                        members of a cluster read it from here)
 * @param topicFilter     subscription filter (a shared subscription on brokers that have them)
 * @param reconnectMaxMs  longest wait between reconnect attempts
 * @param scoringLanes    how many ordered scoring lanes to spread devices over
 * @param maxReadingsInFlight readings waiting to be stored at which ingest stops reading from the broker until
 *                        half of them are ({@link IntakeValve})
 */
public record IngestConfig(String host, int port, boolean ssl, String username, String password, String clientId,
    String topicFilter, long reconnectMaxMs, int scoringLanes, int maxReadingsInFlight) {

  /** {@link #maxReadingsInFlight} of the store's default backlog limit (store.max.pending): 5,000. */
  public static final int DEFAULT_MAX_READINGS_IN_FLIGHT =
      maxReadingsInFlight(Integer.parseInt(ConfigKey.STORE_MAX_PENDING.defaultValue()));

  /** With the default in-flight limit. */
  public IngestConfig(String host, int port, boolean ssl, String username, String password, String clientId,
      String topicFilter, long reconnectMaxMs, int scoringLanes) {
    this(host, port, ssl, username, password, clientId, topicFilter, reconnectMaxMs, scoringLanes,
        DEFAULT_MAX_READINGS_IN_FLIGHT);
  }

  /**
   * Ingest stops reading at a quarter of the store's backlog limit: the store's own limit (which refuses, and then
   * the session is resumed for redelivery) stays for what other cluster members send this one.
   */
  public static int maxReadingsInFlight(int storeMaxPending) {
    return Math.max(2, storeMaxPending / 4);
  }

  /** The subscription filter of a cluster: instances share the devices. */
  public static final String SHARED_TOPIC_FILTER = "$share/vigil/devices/+/telemetry";
  /**
   * The subscription filter of a single instance. Mosquitto restores a plain subscription of a
   * persistent session after its own restart, and queues for it meanwhile; a shared one it does not
   * (readings published before Vigil re-subscribes would be acknowledged to the device and dropped).
   */
  public static final String PLAIN_TOPIC_FILTER = "devices/+/telemetry";

  /** Plain for a single instance, shared for a cluster (docs/reliability.md says why). */
  public static String topicFilter(boolean clustered) {
    return clustered ? SHARED_TOPIC_FILTER : PLAIN_TOPIC_FILTER;
  }

  /**
   * A client id stable across restarts that a device cannot guess: {@code vigil-<instance>-<tag>}, the tag an
   * HMAC of the instance name keyed by Vigil's broker password. A device that knew the id could connect
   * with it and a clean session and so wipe Vigil's queued readings (MQTT session takeover). Without a
   * password (an anonymous broker) anyone may do anything anyway, and the id is the plain instance name.
   */
  public static String defaultClientId(String instance, String username, String password) {
    String base = "vigil-" + instance;
    if (password == null || password.isEmpty()) {
      return base;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] tag = mac.doFinal((username + "\n" + instance).getBytes(StandardCharsets.UTF_8));
      return base + "-" + HexFormat.of().formatHex(tag, 0, 12);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }
}
