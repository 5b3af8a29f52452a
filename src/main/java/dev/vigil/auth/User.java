package dev.vigil.auth;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/** A person who logs in (never with the password or its hash). */
public record User(long id, String name, Role role, boolean mustChangePassword, OffsetDateTime createdAt) {

  /** Letters, digits and {@code _ . @ -}, 1 to 64 of them (as the table's check constraint). */
  public static final String NAME_PATTERN = "[A-Za-z0-9_.@-]{1,64}";

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("role", role.wire()).put("mustChangePassword", mustChangePassword)
        .put("createdAt", createdAt == null ? null : createdAt.toInstant().toString());
  }
}
