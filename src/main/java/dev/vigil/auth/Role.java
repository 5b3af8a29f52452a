package dev.vigil.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a user or an API token may do, each role including the ones below it: a viewer reads, an
 * operator also acknowledges and clears alerts, an admin also manages rules, devices, users, settings
 * and tokens.
 */
public enum Role {
  VIEWER, OPERATOR, ADMIN;

  /** Whether this role may do what {@code needed} may. */
  public boolean allows(Role needed) {
    return compareTo(needed) >= 0;
  }

  /** The name on the wire and in the database: viewer, operator, admin. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code text} (any case), or empty. */
  public static Optional<Role> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (Role role : values()) {
      if (role.wire().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
