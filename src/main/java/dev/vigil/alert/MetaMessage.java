package dev.vigil.alert;

import dev.vigil.energy.InvalidEnergyInput;
import dev.vigil.energy.Placement;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device's description of itself, retained on {@code devices/{deviceId}/meta}: a JSON object
 * {@code {"site": "hq", "tags": ["floor:2"], "energyRole": "producer"}} of at most {@value #MAX_BYTES} bytes,
 * validated by the same rules as the API ({@link Placement}). Parsing answers the placement or why not.
 */
public record MetaMessage(String deviceId, Placement placement, String refusal) {

  public static final String TOPIC_FILTER = "devices/+/meta";
  public static final int MAX_BYTES = 4096;
  private static final Pattern TOPIC = Pattern.compile("devices/([A-Za-z0-9_.:-]{1,64})/meta");

  /** Null for a topic that is not a device's meta topic, or an empty payload (a retained message cleared). */
  public static MetaMessage parse(String topic, byte[] payload) {
    Matcher m = topic == null ? null : TOPIC.matcher(topic);
    if (m == null || !m.matches() || payload == null || payload.length == 0) {
      return null;
    }
    String id = m.group(1);
    if (payload.length > MAX_BYTES) {
      return new MetaMessage(id, null, "payload over " + MAX_BYTES + " bytes");
    }
    try {
      String text = new String(payload, StandardCharsets.UTF_8).trim();
      if (!text.startsWith("{")) {
        return new MetaMessage(id, null, "payload is not a JSON object");
      }
      return new MetaMessage(id, Placement.fromJson(new JsonObject(text)), null);
    } catch (DecodeException e) {
      return new MetaMessage(id, null, "payload is not JSON");
    } catch (InvalidEnergyInput e) {
      return new MetaMessage(id, null, e.field() + " " + e.getMessage());
    }
  }
}
