package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetaMessageTest {

  private static MetaMessage parse(String topic, String payload) {
    return MetaMessage.parse(topic, payload.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheDeviceFromTheTopicAndThePlacementFromThePayload() {
    MetaMessage m = parse("devices/inv-1/meta", "{\"site\":\"roof\",\"tags\":[\"kind:pv\"],\"energyRole\":\"producer\"}");
    assertThat(m.deviceId()).isEqualTo("inv-1");
    assertThat(m.refusal()).isNull();
    assertThat(m.placement().site()).isEqualTo("roof");
    assertThat(m.placement().energyRole()).isEqualTo("producer");
  }

  @Test
  void aClearedRetainedMessageOrAnotherTopicIsNothing() {
    assertThat(parse("devices/inv-1/meta", "")).isNull();
    assertThat(parse("devices/inv-1/status", "{}")).isNull();
    assertThat(parse("devices/a b/meta", "{}")).isNull();
  }

  @Test
  void refusesWhatIsNotAValidPlacementSayingWhy() {
    assertThat(parse("devices/d/meta", "[1]").refusal()).isEqualTo("payload is not a JSON object");
    assertThat(parse("devices/d/meta", "{nope").refusal()).isEqualTo("payload is not JSON");
    assertThat(parse("devices/d/meta", "{\"site\":\"a b\"}").refusal()).startsWith("site must match");
    assertThat(parse("devices/d/meta", "{\"site\":\"" + "x".repeat(5000) + "\"}").refusal()).isEqualTo("payload over 4096 bytes");
  }
}
