package dev.vigil.config;

/**
 * Every setting Vigil reads: its key (in a config file), its environment variable, its default and
 * what it means. The single source of truth: {@link ConfigLoader} reads only these, and
 * docs/configuration.md lists exactly these (a test keeps the two equal).
 */
public enum ConfigKey {
  MQTT_URL("mqtt.url", "", "Broker to subscribe to, mqtt://[user:pass@]host:port. Empty: start the embedded broker."),
  MQTT_EMBEDDED_PORT("mqtt.embedded.port", "1883", "Port of the embedded broker (when mqtt.url is empty)."),
  MQTT_CLIENT_ID("mqtt.client.id", "", "MQTT client id of this instance; empty: vigil-<hostname>-<http port>-<tag>, the tag an HMAC of that name keyed by the broker password, so that a device cannot guess it and take the session over (mosquitto/README.md). Keep it stable: the broker keeps the session (and queued QoS 1 readings) under it."),
  MQTT_TOPIC("mqtt.topic", "", "Subscription filter. Empty: devices/+/telemetry for a single instance (a broker restores a plain subscription of a persistent session after its restart, Mosquitto not a shared one), $share/vigil/devices/+/telemetry with --cluster."),
  MQTT_RECONNECT_MAX_MS("mqtt.reconnect.max.ms", "2000", "Longest wait between reconnect attempts (backoff starts at 250 ms and doubles). Short: the broker queues for Vigil meanwhile, so a long wait only delays readings; Vigil is a handful of clients, not a fleet."),
  PG_URL("pg.url", "", "PostgreSQL, postgresql://user[:pass]@host:port/db. Empty: start the embedded PostgreSQL."),
  PG_POOL_SIZE("pg.pool.size", "8", "Connections in the shared pool."),
  PG_EMBEDDED_PORT("pg.embedded.port", "5433", "Port of the embedded PostgreSQL (0: any free port)."),
  DATA_DIR("data.dir", "./data", "Where the embedded PostgreSQL and broker keep their files."),
  HTTP_HOST("http.host", "0.0.0.0", "Interface the dashboard and API listen on."),
  HTTP_PORT("http.port", "8080", "Port of the dashboard, REST API, /health and /metrics."),
  AUTH_OPEN_LOCALHOST("auth.open.localhost", "auto", "Open on localhost: the dashboard and API need no login (the page says so in a banner), for requests addressed to localhost, 127.0.0.1 or [::1] only. auto: on exactly when http.host is a loopback address; true is refused with any other http.host. Off: users with roles log in, machine clients send API tokens, and at the first start Vigil creates 'admin' with a one-time password printed on the console (docs/security.md)."),
  API_TOKEN("api.token", "", "A bearer token with admin rights. Open on localhost: when set, writes need 'Authorization: Bearer <token>'; empty: writes are open to clients that send no Origin (curl, scripts) and to pages of the dashboard's own origin or http.origins. With users on it keeps working as an admin token beside the named API tokens, which are better (a role, revocable, last use shown; docs/security.md)."),
  HTTP_ORIGINS("http.origins", "", "Comma-separated origins (scheme://host[:port]) besides the dashboard's own (the Host it is addressed by) whose pages may open the event-bus bridge and, without a token, send writes: e.g. the public address of a reverse proxy that rewrites Host."),
  METRICS_TOKEN("metrics.token", "", "Bearer token /metrics needs (give Prometheus this one, not the write token). Empty: api.token guards /metrics when it is set; with neither, /metrics needs a login or any API token when users are on, and is open on localhost."),
  HTTP_IDLE_TIMEOUT_S("http.idle.timeout.s", "60", "Seconds without a byte in either direction after which an HTTP or WebSocket connection is closed (at least 30: the bridge's heartbeat comes every 25 s)."),
  HTTP_HEADER_TIMEOUT_S("http.header.timeout.s", "10", "Seconds a connection may wait without a request in progress (a first request head not yet complete, or idle keep-alive) before it is closed, so slow clients cannot hold connections."),
  HTTP_CONNECTIONS_MAX("http.connections.max", "0", "Most open HTTP connections. At the limit a new connection replaces the oldest one without a request in progress; only if all are busy is it turned away. 0: half the process's open-file limit (ulimit -n)."),
  SCORING_LANES("scoring.lanes", "0", "Ordered scoring lanes (worker verticles); 0: one per core."),
  SCORING_WARMUP("scoring.warmup", "120", "Readings a device sends before its detector judges (it learns 'normal' from them)."),
  SCORING_DEVICES_MAX("scoring.devices.max", "0", "Most devices this instance keeps a detector for (each takes 70 to 160 KiB of heap, docs/benchmarks.md). Past it a new device id is refused: its readings are dead-lettered with reason device_limit and acknowledged. 0: as many as 40% of the JVM's maximum heap holds at 128 KiB each (3,276 with -Xmx1g)."),
  SCORING_DEVICES_IDLE_S("scoring.devices.idle.s", "900", "Silence, in seconds, after which a device's detector is dropped and its place freed; its next reading restores the detector from the model registry (30 readings to settle, no new warm-up or training, once a model was trained)."),
  SCORING_THRESHOLD("scoring.threshold", "0.95", "Calibrated score at or above which a reading is anomalous."),
  STORE_BATCH_SIZE("store.batch.size", "500", "Most readings written in one INSERT."),
  STORE_BATCH_DELAY_MS("store.batch.delay.ms", "0", "0: group commit, a batch is written as soon as the previous one committed, with whatever arrived meanwhile. Above 0: also wait this long (ms) for a batch to fill (fewer, larger writes to a distant database)."),
  STORE_MAX_PENDING("store.max.pending", "20000", "Readings waiting for the database before the store refuses more (ingest then leaves them to the broker to redeliver); ingest stops reading from the broker at a quarter of it, so that it seldom comes to that."),
  STORE_READINGS_RETENTION_DAYS("store.readings.retention.days", "30", "Days raw readings are kept (recent rows and compacted blocks), then dropped a whole UTC day partition at a time. The minute rollups that draw long charts are kept apart (store.rollups.retention.days). 0: keep forever."),
  STORE_READINGS_COMPACT_AFTER_H("store.readings.compact.after.h", "2", "Hours after which recent readings are compacted into one block per device, metric set and UTC hour (a fraction of the disk, read by the API as before; docs/decisions.md). 0: never compact."),
  STORE_READINGS_BAND_EVERY_MS("store.readings.band.every.ms", "1000", "A device's recent readings keep their expected band at most once per this many ms of the device's own time, and on every anomaly: above about a reading a second the band is most of what a row adds (docs/decisions.md). The live push carries every reading's band; charts draw it between the kept ones; minute rollups average the kept ones. 0: keep every reading's band."),
  STORE_ROLLUPS_RETENTION_DAYS("store.rollups.retention.days", "3650", "Days the per-minute rollups (the charts of hours to years) are kept. 0: keep forever."),
  STORE_DEAD_LETTERS_RETENTION_DAYS("store.deadletters.retention.days", "7", "Days refused messages (dead letters) are kept after their last occurrence. 0: keep forever."),
  ALERT_RULES("alert.rules", "", "Threshold rules seeded at start, e.g. 'power_w>3000:high;temperature<5:medium' (they can also be managed through the API)."),
  ALERT_OPEN_AFTER("alert.anomaly.open.after", "1", "Anomalous readings in a row that open an anomaly alert (a critical score opens it at once). 1: the detector's likelihood already asks for a sustained deviation, and it damps repeats."),
  ALERT_CLEAR_AFTER("alert.anomaly.clear.after", "100", "Normal readings in a row that clear an open anomaly alert: one alert per fault, however long it lasts. vigil evaluate measures detection with this same episode rule (AlertEpisode) at this default."),
  ALERT_OFFLINE_AFTER_S("alert.offline.after.s", "300", "Silence, in seconds, after which a device is marked offline and an offline alert opens."),
  FORECAST_METRIC("forecast.metric", dev.vigil.forecast.ForecastConfig.DEFAULT_METRIC, "Consumption metric (average power) whose next 24 hours are forecast for every device that reports it (docs/energy.md)."),
  FORECAST_EVERY_MIN("forecast.every.min", "60", "Minutes between two forecast rounds; each device's model is trained once a day on a worker thread and forecasts from its newest hour every round. 0: no forecasts."),
  FORECAST_ZONE("forecast.zone", "", "Time zone whose days and hours the forecast learns (a building's day starts at its midnight), e.g. Europe/Berlin. Empty: the server's zone (TZ)."),
  NOTIFY_INTERVAL_MS("notify.interval.ms", "1000", "How often the notification sender drains the outbox (it also wakes at once when an alert opens or clears; an escalation waits for the next round). Deliveries never wait on the alert path: alerts only write the outbox (docs/notifications.md)."),
  NOTIFY_BATCH_SIZE("notify.batch.size", "50", "Deliveries one sender round claims and sends in parallel."),
  NOTIFY_RETRY_FIRST_MS("notify.retry.first.ms", "5000", "Wait after a delivery's first failed attempt; it doubles with each further failure up to notify.retry.max.ms."),
  NOTIFY_RETRY_MAX_MS("notify.retry.max.ms", "300000", "Longest wait between two attempts of one delivery."),
  NOTIFY_RETRY_ATTEMPTS("notify.retry.attempts", "30", "Attempts before a delivery is given up (state failed in the delivery log). With the defaults, about 2 hours of a channel being down."),
  NOTIFY_SEND_TIMEOUT_MS("notify.send.timeout.ms", "10000", "Longest one send (SMTP or HTTP) may take before it counts as a failed attempt."),
  NOTIFY_DASHBOARD_URL("notify.dashboard.url", "", "Public address of the dashboard (e.g. https://vigil.example.com), linked from every notification. Empty: no link."),
  NOTIFY_LOG_RETENTION_DAYS("notify.log.retention.days", "30", "Days finished deliveries stay in the delivery log (pending ones are kept until done)."),
  SMTP_HOST("smtp.host", "localhost", "Mail server that email channels send through."),
  SMTP_PORT("smtp.port", "25", "Its port (587 for submission with STARTTLS, 465 with smtp.ssl)."),
  SMTP_STARTTLS("smtp.starttls", "optional", "STARTTLS: disabled, optional (when the server offers it) or required."),
  SMTP_SSL("smtp.ssl", "false", "Connect with TLS from the first byte (port 465)."),
  SMTP_USERNAME("smtp.username", "", "SMTP login; empty: send without logging in."),
  SMTP_PASSWORD("smtp.password", "", "SMTP password (with smtp.username)."),
  SMTP_FROM("smtp.from", "vigil@localhost", "Sender address of notification emails whose channel names none."),
  CLUSTER("cluster", "false", "Join a Vert.x cluster (Hazelcast) so that several instances share the load; each device is then scored by one instance, its owner."),
  CLUSTER_NAME("cluster.name", "vigil", "Instances form a cluster only with others of the same name (keeps two deployments on one network apart)."),
  CLUSTER_HOST("cluster.host", "", "Address this instance binds and announces to the other members (Hazelcast and the event bus), e.g. 127.0.0.1 for instances on one machine. Empty: Hazelcast picks a network interface."),
  CLUSTER_PORT("cluster.port", "5701", "Hazelcast port; when it is taken, the next free one is used."),
  CLUSTER_MEMBERS("cluster.members", "", "Comma-separated host[:port] of instances to join over TCP (port default 5701); a host name that resolves to several addresses, such as a docker compose service, stands for all of them. Empty: instances find each other by multicast.");

  private final String key;
  private final String defaultValue;
  private final String description;

  ConfigKey(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  /** The environment variable: VIGIL_ and the key in upper case with dots as underscores. */
  public String envVar() {
    return "VIGIL_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }
}
