package dev.vigil.ingest;

/**
 * What the ingest stage needs to know about the broker it reads from.
 *
 * @param host            broker host
 * @param port            broker port
 * @param ssl             whether to connect with TLS (mqtts://)
 * @param username        user name, or null
 * @param password        password, or null
 * @param clientId        stable client id: the broker keeps this instance's session under it
 * @param topicFilter     subscription filter (a shared subscription on brokers that have them)
 * @param reconnectMaxMs  longest wait between reconnect attempts
 * @param scoringLanes    how many ordered scoring lanes to spread devices over
 */
public record IngestConfig(String host, int port, boolean ssl, String username, String password, String clientId,
    String topicFilter, long reconnectMaxMs, int scoringLanes) {

  /** The subscription filter on a broker with shared subscriptions: instances share the devices. */
  public static final String SHARED_TOPIC_FILTER = "$share/vigil/devices/+/telemetry";
  /** The subscription filter on a broker without them (the embedded one: a single instance). */
  public static final String PLAIN_TOPIC_FILTER = "devices/+/telemetry";
}
