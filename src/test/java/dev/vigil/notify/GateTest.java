package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.Alert;
import dev.vigil.alert.Severity;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateTest {

  private static final Instant NIGHT = Instant.parse("2026-12-01T23:00:00Z");
  private static final Instant DAY = Instant.parse("2026-12-01T12:00:00Z");

  private static Channel channel(long id, String extra) {
    JsonObject json = new JsonObject("{\"name\":\"c" + id + "\",\"type\":\"webhook\","
        + "\"settings\":{\"url\":\"http://127.0.0.1:1/\"}" + extra + "}");
    return Channel.fromJson(id, json);
  }

  private static Delivery delivery(long id, Channel channel, String event, Severity severity) {
    Alert alert = new Alert(7, "pump-1", Alert.THRESHOLD, "power_w", 1L, severity.wire(), Alert.OPEN, "m", 1.0, 2.0,
        null, null, 1, DAY, DAY, null, null);
    return new Delivery(id, 0, new Transition(id, event, severity, alert), channel);
  }

  @Test
  void quietHoursHoldADeliveryUntilTheyEnd() {
    Channel quiet = channel(1, ",\"quietHours\":{\"from\":\"22:00\",\"to\":\"07:00\",\"zone\":\"UTC\"}");
    Gate gate = new Gate(Map.of());
    assertThat(gate.check(delivery(1, quiet, Transition.OPENED, Severity.HIGH), NIGHT))
        .contains(new Gate.Hold(Gate.QUIET_HOURS, Instant.parse("2026-12-02T07:00:00Z")));
    assertThat(gate.check(delivery(2, quiet, Transition.OPENED, Severity.HIGH), DAY)).isEmpty();
  }

  @Test
  void theRateLimitCountsSendsOfThisRoundToo() {
    Channel twoPerHour = channel(2, ",\"rateLimit\":{\"max\":2,\"perSeconds\":3600}");
    Gate gate = new Gate(Map.of(2L, List.of(DAY.minusSeconds(600))));
    assertThat(gate.check(delivery(1, twoPerHour, Transition.OPENED, Severity.LOW), DAY)).isEmpty();
    assertThat(gate.check(delivery(2, twoPerHour, Transition.CLEARED, Severity.LOW), DAY))
        .contains(new Gate.Hold(Gate.RATE_LIMIT, DAY.minusSeconds(600).plusSeconds(3600)));
  }

  @Test
  void channelsAreLimitedEachOnItsOwn() {
    Channel one = channel(3, ",\"rateLimit\":{\"max\":1,\"perSeconds\":60}");
    Channel other = channel(4, ",\"rateLimit\":{\"max\":1,\"perSeconds\":60}");
    Gate gate = new Gate(Map.of());
    assertThat(gate.check(delivery(1, one, Transition.OPENED, Severity.LOW), DAY)).isEmpty();
    assertThat(gate.check(delivery(2, other, Transition.OPENED, Severity.LOW), DAY)).isEmpty();
    assertThat(gate.check(delivery(3, one, Transition.CLEARED, Severity.LOW), DAY)).isPresent();
  }

  @Test
  void aHeldDeliveryDoesNotUseUpTheRateLimit() {
    Channel both = channel(5, ",\"rateLimit\":{\"max\":1,\"perSeconds\":60},"
        + "\"quietHours\":{\"from\":\"22:00\",\"to\":\"07:00\",\"zone\":\"UTC\",\"except\":\"critical\"}");
    Gate gate = new Gate(Map.of());
    assertThat(gate.check(delivery(1, both, Transition.OPENED, Severity.HIGH), NIGHT)).isPresent();
    assertThat(gate.check(delivery(2, both, Transition.OPENED, Severity.CRITICAL), NIGHT))
        .as("critical passes the quiet hours, and the held one took no slot").isEmpty();
  }
}
