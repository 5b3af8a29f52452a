package dev.vigil.web;

import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A configured secret a client presents as {@code Authorization: Bearer <token>}, compared in constant time. */
final class BearerToken {

  private static final String PREFIX = "Bearer ";

  private final byte[] secret;

  private BearerToken(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** Null when {@code secret} is null or empty (nothing to present). */
  static BearerToken of(String secret) {
    return secret == null || secret.isEmpty() ? null : new BearerToken(secret);
  }

  boolean presentedIn(HttpServerRequest request) {
    String given = presented(request);
    return given != null && matches(given);
  }

  boolean matches(String given) {
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), secret);
  }

  /** The token of an {@code Authorization: Bearer} header (scheme in any case), or null when there is none. */
  static String presented(HttpServerRequest request) {
    return presented(request.getHeader("Authorization"));
  }

  /** The token of an {@code Authorization} header value, or null. */
  static String presented(String header) {
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    String token = header.substring(PREFIX.length()).trim();
    return token.isEmpty() ? null : token;
  }
}
