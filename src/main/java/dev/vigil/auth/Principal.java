package dev.vigil.auth;

/**
 * Who is asking. {@code kind} says how they proved it: a browser session (its writes must carry
 * {@code csrfToken}), an API token, the configured {@code api.token}, or nobody at all because the
 * dashboard is open on localhost.
 *
 * @param name               user or token name (null in open mode)
 * @param csrfToken          the session's token for writes; null unless a session
 * @param sessionDigest      what the database keeps of the session id; null unless a session
 * @param mustChangePassword a one-time password is in use: nothing but changing it is allowed
 */
public record Principal(Kind kind, String name, Role role, long userId, String csrfToken, byte[] sessionDigest,
    boolean mustChangePassword) {

  public enum Kind { OPEN, SESSION, TOKEN, CONFIGURED_TOKEN }

  public static final Principal OPEN = new Principal(Kind.OPEN, null, Role.ADMIN, 0, null, null, false);

  public static Principal token(String name, Role role) {
    return new Principal(Kind.TOKEN, name, role, 0, null, null, false);
  }

  /** The single {@code api.token} of the settings: full rights, as before users existed. */
  public static Principal configuredToken() {
    return new Principal(Kind.CONFIGURED_TOKEN, "api.token", Role.ADMIN, 0, null, null, false);
  }

  public boolean isSession() {
    return kind == Kind.SESSION;
  }
}
