package dev.vigil.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One instance's view of the cluster: its own node id and the node ids of every member (itself
 * included), sorted. A device belongs to the member {@link Rendezvous} picks among them, so two
 * instances with the same view agree on every owner.
 *
 * @param self    this instance's node id
 * @param members every member's node id, sorted, never empty (a view always contains {@code self})
 */
public record ClusterView(String self, List<String> members) {

  public ClusterView {
    Objects.requireNonNull(self, "self");
    // A node always counts itself: the cluster manager may list it only a moment after it joined.
    members = Stream.concat(members.stream(), Stream.of(self)).distinct().sorted().toList();
  }

  /** The node id of the instance that scores {@code deviceId}'s readings. */
  public String ownerOf(String deviceId) {
    return Rendezvous.ownerOf(deviceId, members);
  }

  /** Whether this instance scores {@code deviceId}'s readings. */
  public boolean owns(String deviceId) {
    return self.equals(ownerOf(deviceId));
  }

  /** {@code {"self": id, "members": [ids]}}: how the view travels on the (local) event bus. */
  public JsonObject toJson() {
    return new JsonObject().put("self", self).put("members", new JsonArray(members));
  }

  public static ClusterView fromJson(JsonObject json) {
    return new ClusterView(json.getString("self"),
        json.getJsonArray("members").stream().map(String.class::cast).toList());
  }
}
