package dev.vigil.web;

import dev.vigil.forecast.ForecastConfig;
import java.util.List;
import java.util.Locale;

/**
 * @param host              interface to listen on
 * @param port              HTTP port
 * @param apiToken          bearer token with admin rights; when open on localhost, required by write endpoints;
 *                          null or empty: writes are open to non-browser clients and to pages of the dashboard's
 *                          own origin only
 * @param webroot           directory of the dashboard's static files, or null to serve the copy inside the jar
 * @param origins           origins (scheme://host[:port]) besides the dashboard's own that may use the
 *                          bridge and send writes from a browser
 * @param metricsToken      bearer token /metrics needs; null or empty: the api token, when there is one
 * @param idleTimeoutS      seconds without traffic after which a connection is closed
 * @param headerTimeoutS    seconds a connection has to send a complete request head
 * @param maxConnections    most open connections; 0: half the process's open-file limit
 * @param openOnLocalhost   no login for requests addressed to a loopback name (the zero-install mode); false:
 *                          users and API tokens (docs/security.md)
 * @param forecastMetric    the metric whose forecasts the device page shows and whose history it explains
 */
public record WebConfig(String host, int port, String apiToken, String webroot, List<String> origins,
    String metricsToken, int idleTimeoutS, int headerTimeoutS, int maxConnections, boolean openOnLocalhost,
    String forecastMetric) {

  public static final int DEFAULT_IDLE_TIMEOUT_S = 60;
  public static final int DEFAULT_HEADER_TIMEOUT_S = 10;

  /** The defaults of the edge settings: no extra origins, default timeouts and connection limit. */
  public WebConfig(String host, int port, String apiToken, String webroot) {
    this(host, port, apiToken, webroot, List.of(), null, DEFAULT_IDLE_TIMEOUT_S, DEFAULT_HEADER_TIMEOUT_S, 0);
  }

  /** Open on localhost exactly when {@code host} is a loopback address (the default of auth.open.localhost). */
  public WebConfig(String host, int port, String apiToken, String webroot, List<String> origins,
      String metricsToken, int idleTimeoutS, int headerTimeoutS, int maxConnections) {
    this(host, port, apiToken, webroot, origins, metricsToken, idleTimeoutS, headerTimeoutS, maxConnections,
        loopback(host), ForecastConfig.DEFAULT_METRIC);
  }

  public WebConfig {
    origins = List.copyOf(origins);
  }

  public boolean writesNeedToken() {
    return apiToken != null && !apiToken.isEmpty();
  }

  /** The token /metrics asks for, or null when it is open (or, with users on, open to any logged-in viewer). */
  public String effectiveMetricsToken() {
    if (metricsToken != null && !metricsToken.isEmpty()) {
      return metricsToken;
    }
    return writesNeedToken() ? apiToken : null;
  }

  public WebConfig withWebroot(String dir) {
    return new WebConfig(host, port, apiToken, dir, origins, metricsToken, idleTimeoutS, headerTimeoutS,
        maxConnections, openOnLocalhost, forecastMetric);
  }

  public WebConfig withOpenOnLocalhost(boolean open) {
    return new WebConfig(host, port, apiToken, webroot, origins, metricsToken, idleTimeoutS, headerTimeoutS,
        maxConnections, open, forecastMetric);
  }

  /** Whether {@code host} (an interface to bind) is a loopback address: 127.x.x.x, ::1 or localhost. */
  public static boolean loopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || h.matches("127(\\.\\d{1,3}){3}");
  }

  /**
   * Whether a request's {@code Host} header names this machine's loopback (with or without a port). A page
   * of another site whose name was re-pointed at 127.0.0.1 (DNS rebinding) carries its own name here, so
   * it is not served as open.
   */
  static boolean loopbackHost(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    String h = hostHeader.trim();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 && loopback(h.substring(0, end + 1));
    }
    int colon = h.indexOf(':');
    return loopback(colon < 0 ? h : h.substring(0, colon));
  }
}
