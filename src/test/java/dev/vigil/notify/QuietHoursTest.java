package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.Severity;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

  private static final QuietHours NIGHTS_IN_BERLIN = QuietHours.fromJson(
      new JsonObject("{\"from\":\"22:00\",\"to\":\"07:00\",\"zone\":\"Europe/Berlin\"}"));

  @Test
  void aDeliveryDueAtNightInTheChannelsZoneWaitsUntilMorningThere() {
    // 23:30 in Berlin (UTC+1 in winter) is 22:30 UTC; the window ends at 07:00 Berlin = 06:00 UTC
    assertThat(NIGHTS_IN_BERLIN.heldUntil(Instant.parse("2026-11-30T22:30:00Z"), Severity.HIGH))
        .contains(Instant.parse("2026-12-01T06:00:00Z"));
  }

  @Test
  void afterMidnightTheWindowEndsTheSameMorning() {
    assertThat(NIGHTS_IN_BERLIN.heldUntil(Instant.parse("2026-12-01T02:00:00Z"), Severity.HIGH))
        .contains(Instant.parse("2026-12-01T06:00:00Z"));
  }

  @Test
  void duringTheDayNothingIsHeld() {
    assertThat(NIGHTS_IN_BERLIN.heldUntil(Instant.parse("2026-12-01T12:00:00Z"), Severity.LOW)).isEmpty();
    assertThat(NIGHTS_IN_BERLIN.heldUntil(Instant.parse("2026-12-01T06:00:00Z"), Severity.LOW))
        .as("the end of the window is outside it").isEmpty();
  }

  @Test
  void summerTimeMovesTheWindowInUtc() {
    // 23:00 in Berlin in July (UTC+2) is 21:00 UTC; it ends at 05:00 UTC
    assertThat(NIGHTS_IN_BERLIN.heldUntil(Instant.parse("2026-07-01T21:00:00Z"), Severity.LOW))
        .contains(Instant.parse("2026-07-02T05:00:00Z"));
  }

  @Test
  void aWindowWithinOneDayHoldsOnlyInsideIt() {
    QuietHours lunch = QuietHours.fromJson(new JsonObject("{\"from\":\"12:00\",\"to\":\"13:30\",\"zone\":\"UTC\"}"));
    assertThat(lunch.heldUntil(Instant.parse("2026-12-01T12:10:00Z"), Severity.LOW))
        .contains(Instant.parse("2026-12-01T13:30:00Z"));
    assertThat(lunch.heldUntil(Instant.parse("2026-12-01T11:59:00Z"), Severity.LOW)).isEmpty();
  }

  @Test
  void severitiesAtOrAboveTheExceptionGetThrough() {
    QuietHours exceptCritical = QuietHours.fromJson(
        new JsonObject("{\"from\":\"22:00\",\"to\":\"07:00\",\"zone\":\"UTC\",\"except\":\"critical\"}"));
    Instant night = Instant.parse("2026-12-01T23:00:00Z");
    assertThat(exceptCritical.heldUntil(night, Severity.CRITICAL)).isEmpty();
    assertThat(exceptCritical.heldUntil(night, Severity.HIGH)).isPresent();
  }

  @Test
  void anUnknownZoneOrTimeIsRefusedNamingTheField() {
    assertThatThrownBy(() -> QuietHours.fromJson(new JsonObject("{\"from\":\"22:00\",\"to\":\"07:00\",\"zone\":\"Mars/Base\"}")))
        .isInstanceOfSatisfying(InvalidChannelException.class, e -> assertThat(e.field()).isEqualTo("quietHours.zone"));
    assertThatThrownBy(() -> QuietHours.fromJson(new JsonObject("{\"from\":\"25:00\",\"to\":\"07:00\",\"zone\":\"UTC\"}")))
        .isInstanceOfSatisfying(InvalidChannelException.class, e -> assertThat(e.field()).isEqualTo("quietHours.from"));
    assertThatThrownBy(() -> QuietHours.fromJson(new JsonObject("{\"from\":\"07:00\",\"to\":\"07:00\",\"zone\":\"UTC\"}")))
        .isInstanceOfSatisfying(InvalidChannelException.class, e -> assertThat(e.field()).isEqualTo("quietHours.to"));
  }
}
