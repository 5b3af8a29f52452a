package dev.vigil.web;

import io.vertx.core.json.JsonObject;

/**
 * A request Vigil answers with an error: the HTTP status and the JSON body
 * {@code {"error": "...", "field": "...", "reason": "..."}} (field and reason for 400, when known).
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final String field;
  private final String reason;

  private ApiError(int status, String error, String field, String reason) {
    super(error, null, false, false);
    this.status = status;
    this.field = field;
    this.reason = reason;
  }

  /** 400: {@code field} is wrong because {@code reason}. */
  public static ApiError badParameter(String field, String reason) {
    return new ApiError(400, "invalid " + field, field, reason);
  }

  public static ApiError notFound(String what) {
    return new ApiError(404, what + " not found", null, null);
  }

  /** 405: the path exists, the method does not (the caller adds the {@code Allow} header). */
  public static ApiError methodNotAllowed(String method, String path, java.util.Set<String> allowed) {
    return new ApiError(405, method + " is not allowed on " + path + "; allowed: " + String.join(", ", allowed), null,
        null);
  }

  /** 413: the body is over the limit. */
  public static ApiError tooLarge(long limitBytes) {
    return new ApiError(413, "the request body is over the limit of " + limitBytes + " bytes", null, null);
  }

  public static ApiError conflict(String message) {
    return new ApiError(409, message, null, null);
  }

  public static ApiError unauthorized() {
    return new ApiError(401, "a valid 'Authorization: Bearer <token>' header is required for writes", null, null);
  }

  /** 401: the caller is nobody (or presented a credential that is not valid); {@code message} says what to do. */
  public static ApiError unauthorized(String message) {
    return new ApiError(401, message, null, null);
  }

  /** 403: the caller is known but may not do this; {@code message} says why. */
  public static ApiError forbidden(String message) {
    return new ApiError(403, message, null, null);
  }

  public static ApiError unavailable(String message) {
    return new ApiError(503, message, null, null);
  }

  /** 500, without leaking internals to the client (the cause is logged). */
  public static ApiError internal() {
    return new ApiError(500, "internal error", null, null);
  }

  public int status() {
    return status;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("error", getMessage());
    if (field != null) {
      json.put("field", field).put("reason", reason);
    }
    return json;
  }
}
