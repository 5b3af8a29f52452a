package dev.vigil.web;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a failure caused by the database being away (refused, closed, shutting down, out of reach) from
 * any other: the first is the server's condition, temporary, and answers 503 with a reason and
 * {@code Retry-After}; the second stays a 500.
 */
final class DatabaseUnavailable {

  /** SQLSTATE classes of a database that cannot serve now: connection exception, operator intervention. */
  private static final String[] UNAVAILABLE_SQLSTATES = {"08", "57P"};
  private static final String[] UNAVAILABLE_MESSAGES = {"connection refused", "pool closed", "connection closed",
      "connection reset", "timeout", "failed to connect"};

  private DatabaseUnavailable() {
  }

  /** Why the database cannot answer, when that is what {@code failure} says. */
  static Optional<String> reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof ClosedConnectionException) {
        return Optional.of("the database is unreachable: " + t.getMessage());
      }
      if (t instanceof PgException pg && isUnavailableState(pg.getSqlState())) {
        return Optional.of("the database cannot serve requests now: " + pg.getErrorMessage());
      }
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      for (String m : UNAVAILABLE_MESSAGES) {
        if (message.contains(m)) {
          return Optional.of("the database is unreachable: " + t.getMessage());
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isUnavailableState(String sqlState) {
    for (String prefix : UNAVAILABLE_SQLSTATES) {
      if (sqlState != null && sqlState.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
