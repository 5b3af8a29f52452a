package dev.vigil.web;

import dev.vigil.auth.Role;
import io.vertx.core.http.HttpMethod;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one table of who may call what under {@code /api} when users are on. Deny by default: a read needs
 * viewer, acknowledging or clearing an alert and placing a device (its site, tags and energy role)
 * operator, and every other write (rules, sites and their tariffs, users, tokens, and any write route added
 * later) admin. Users and tokens are admin's even to list.
 */
final class AccessRules {

  static final String LOGIN = "/api/login";
  static final String LOGOUT = "/api/logout";
  static final String ME = "/api/me";
  static final String PASSWORD = "/api/me/password";
  private static final Pattern ALERT_ACTION = Pattern.compile("/api/alerts/[^/]+/(ack|clear)");
  private static final Pattern DEVICE_PLACEMENT = Pattern.compile("/api/devices/[^/]+/placement");

  private AccessRules() {
  }

  /** The least role that may send {@code method} to {@code path} (a normalized path). */
  static Role needed(HttpMethod method, String path) {
    String p = trimmed(path);
    if (p.startsWith("/api/users") || p.startsWith("/api/tokens")) {
      return Role.ADMIN;
    }
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || p.equals(PASSWORD)) {
      return Role.VIEWER;
    }
    if (method == HttpMethod.POST && ALERT_ACTION.matcher(p).matches()
        || method == HttpMethod.PUT && DEVICE_PLACEMENT.matcher(p).matches()) {
      return Role.OPERATOR;
    }
    return Role.ADMIN;
  }

  /** Logging in and out need no one to be logged in. */
  static boolean isPublic(HttpMethod method, String path) {
    String p = trimmed(path);
    return method == HttpMethod.POST && (p.equals(LOGIN) || p.equals(LOGOUT));
  }

  /** All a user with a one-time password may do: see who they are, choose a password, log out. */
  static boolean allowedBeforePasswordChange(String path) {
    String p = trimmed(path);
    return p.equals(ME) || p.equals(PASSWORD) || p.equals(LOGOUT);
  }

  private static String trimmed(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
