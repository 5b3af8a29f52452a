package dev.vigil.auth;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/** A machine client's token as listed (never the token itself, which is shown once, at creation). */
public record ApiToken(long id, String name, Role role, OffsetDateTime createdAt, String createdBy,
    OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("role", role.wire())
        .put("createdAt", UserStore.iso(createdAt)).put("createdBy", createdBy)
        .put("lastUsedAt", UserStore.iso(lastUsedAt)).put("revokedAt", UserStore.iso(revokedAt));
  }
}
