package dev.vigil.bus;

/**
 * Every event-bus address Vigil uses, in one place. Local addresses carry Java records between the
 * stages of one instance; cluster-wide ones carry JSON so that any instance and any browser (through
 * the SockJS bridge) can read them.
 */
public final class Addresses {

  /** Prefix of the scoring lanes; a device always maps to the same lane, so its readings stay in order. */
  public static final String SCORE_LANE_PREFIX = "vigil.score.";
  /**
   * Prefix of each cluster member's own inbox, {@code vigil.score.node.<nodeId>}. Cluster-wide,
   * request/reply, JSON ({@link dev.vigil.ingest.Reading#toJson()}): a reading of a device that
   * instance owns, received by another; the (empty) reply means it is stored.
   */
  public static final String SCORE_NODE_PREFIX = "vigil.score.node.";
  /** Local, publish, JSON ({@link ClusterView#toJson()}): the cluster's members changed; devices moved. */
  public static final String MEMBERS_CHANGED = "vigil.cluster.members";
  /** Local, request/reply: a {@link dev.vigil.scoring.ScoredReading} to store; the reply means it is durable. */
  public static final String STORE_READINGS = "vigil.store.readings";
  /** Local, request/reply: a {@link dev.vigil.ingest.DeadLetter} to keep; the reply means it is durable. */
  public static final String STORE_DEAD_LETTERS = "vigil.store.deadletters";
  /**
   * Local, publish: {@link dev.vigil.store.StoredReadings}, the readings one commit made durable in PostgreSQL
   * (each once, redeliveries not), one message a commit.
   */
  public static final String READINGS_STORED = "vigil.readings.stored";
  /** Cluster-wide, publish, JSON: live readings for dashboards (bridged outbound to browsers). */
  public static final String LIVE_READINGS = "vigil.live.readings";
  /** Cluster-wide, publish, JSON: alert opened, updated, acknowledged or cleared (bridged outbound). */
  public static final String ALERTS = "vigil.alerts";
  /** Cluster-wide, publish, JSON: a device went online or offline (bridged outbound). */
  public static final String DEVICE_STATUS = "vigil.devices.status";
  /** Local, publish, JSON: a metric's drift opened, goes on or is over (scoring.drift.DriftEvents). */
  public static final String DRIFT = "vigil.drift";
  /** Cluster-wide, publish, JSON: the rule set changed; alert verticles reload it. */
  public static final String RULES_CHANGED = "vigil.rules.changed";

  /**
   * Local, request/reply, JSON {@code {"channelId": n}}: send a test message on that notification channel
   * now; the reply {@code {"sent": true}}, or a failure (code 502) whose message says why.
   */
  public static final String NOTIFY_TEST = "vigil.notify.test";

  private Addresses() {
  }

  /** The scoring lane that owns a device: stable for the device's lifetime in this instance. */
  public static String scoreLane(String deviceId, int lanes) {
    return SCORE_LANE_PREFIX + Math.floorMod(deviceId.hashCode(), lanes);
  }

  /** The inbox of the cluster member {@code nodeId}: readings of the devices it owns. */
  public static String scoreNode(String nodeId) {
    return SCORE_NODE_PREFIX + nodeId;
  }

  /** The address of lane number {@code lane}. */
  public static String scoreLane(int lane) {
    return SCORE_LANE_PREFIX + lane;
  }
}
