package dev.vigil.store;

import java.time.Instant;

/**
 * Which alerts to list, newest opened first. Every field but limit/offset may be null (no filter).
 * {@code from}/{@code to} bound {@code opened_at} (from inclusive, to exclusive). A limit outside
 * 1..{@value #MAX_LIMIT} becomes {@value #DEFAULT_LIMIT} (when < 1) or {@value #MAX_LIMIT}; a negative
 * offset becomes 0.
 */
public record AlertFilter(String severity, String state, String deviceId, Instant from, Instant to, int limit,
    int offset) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 1000;

  public AlertFilter {
    limit = limit < 1 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
    offset = Math.max(offset, 0);
  }

  /** Everything, first page. */
  public static AlertFilter all() {
    return new AlertFilter(null, null, null, null, null, DEFAULT_LIMIT, 0);
  }
}
