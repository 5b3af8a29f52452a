package dev.vigil.web;

import java.util.List;

/**
 * @param host              interface to listen on
 * @param port              HTTP port
 * @param apiToken          bearer token required by write endpoints; null or empty: writes are open to
 *                          non-browser clients and to pages of the dashboard's own origin only
 * @param webroot           directory of the dashboard's static files, or null to serve the copy inside the jar
 * @param origins           origins (scheme://host[:port]) besides the dashboard's own that may use the
 *                          bridge and send writes from a browser
 * @param metricsToken      bearer token /metrics needs; null or empty: the api token, when there is one
 * @param idleTimeoutS      seconds without traffic after which a connection is closed
 * @param headerTimeoutS    seconds a connection has to send a complete request head
 * @param maxConnections    most open connections; 0: half the process's open-file limit
 */
public record WebConfig(String host, int port, String apiToken, String webroot, List<String> origins,
    String metricsToken, int idleTimeoutS, int headerTimeoutS, int maxConnections) {

  public static final int DEFAULT_IDLE_TIMEOUT_S = 60;
  public static final int DEFAULT_HEADER_TIMEOUT_S = 10;

  /** The defaults of the edge settings: no extra origins, default timeouts and connection limit. */
  public WebConfig(String host, int port, String apiToken, String webroot) {
    this(host, port, apiToken, webroot, List.of(), null, DEFAULT_IDLE_TIMEOUT_S, DEFAULT_HEADER_TIMEOUT_S, 0);
  }

  public WebConfig {
    origins = List.copyOf(origins);
  }

  public boolean writesNeedToken() {
    return apiToken != null && !apiToken.isEmpty();
  }

  /** The token /metrics asks for, or null when it is open. */
  public String effectiveMetricsToken() {
    if (metricsToken != null && !metricsToken.isEmpty()) {
      return metricsToken;
    }
    return writesNeedToken() ? apiToken : null;
  }

  public WebConfig withWebroot(String dir) {
    return new WebConfig(host, port, apiToken, dir, origins, metricsToken, idleTimeoutS, headerTimeoutS,
        maxConnections);
  }
}
