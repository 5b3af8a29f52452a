package dev.vigil.web;

import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a browser request comes from the dashboard's own origin (the scheme-less authority
 * the request was addressed to, its {@code Host}) or from one of the configured origins. A request
 * without {@code Origin} passes unless the browser says it is cross-site ({@code Sec-Fetch-Site}):
 * curl, Prometheus and scripts send neither, and a browser always sends {@code Origin} on a cross-origin
 * write and on a WebSocket handshake.
 */
final class OriginPolicy {

  private final Set<String> listed = new HashSet<>();

  OriginPolicy(List<String> origins) {
    for (String origin : origins) {
      String normal = normalize(origin);
      if (normal == null) {
        throw new IllegalArgumentException("not an origin (scheme://host[:port]): " + origin);
      }
      listed.add(normal);
    }
  }

  boolean allows(HttpServerRequest request) {
    return allows(request.getHeader("Origin"), request.getHeader("Host"), request.getHeader("Sec-Fetch-Site"));
  }

  boolean allows(String origin, String host, String fetchSite) {
    if (origin == null || origin.isBlank()) {
      return fetchSite == null || fetchSite.equals("same-origin") || fetchSite.equals("none");
    }
    String normal = normalize(origin);
    return normal != null && (listed.contains(normal) || sameAuthority(normal, host));
  }

  /**
   * {@code scheme://host[:port]} in lower case without a default port (a configured trailing slash is
   * dropped); null when not an http(s) origin.
   */
  static String normalize(String origin) {
    try {
      URI uri = URI.create(origin.trim().toLowerCase(Locale.ROOT));
      String scheme = uri.getScheme();
      boolean web = "http".equals(scheme) || "https".equals(scheme);
      if (!web || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
          || uri.getQuery() != null || uri.getUserInfo() != null) {
        return null;
      }
      int port = uri.getPort();
      boolean defaultPort = port == -1 || port == defaultPort(scheme);
      return scheme + "://" + uri.getHost() + (defaultPort ? "" : ":" + port);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean sameAuthority(String normalOrigin, String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    String scheme = normalOrigin.substring(0, normalOrigin.indexOf(':'));
    String asOrigin = normalize(scheme + "://" + host.trim());
    return normalOrigin.equals(asOrigin);
  }

  private static int defaultPort(String scheme) {
    return "https".equals(scheme) ? 443 : 80;
  }
}
