package dev.vigil.web;

/**
 * @param host      interface to listen on
 * @param port      HTTP port
 * @param apiToken  bearer token required by write endpoints; null or empty: writes are open
 * @param webroot   directory of the dashboard's static files, or null to serve the copy inside the jar
 */
public record WebConfig(String host, int port, String apiToken, String webroot) {

  public boolean writesNeedToken() {
    return apiToken != null && !apiToken.isEmpty();
  }
}
