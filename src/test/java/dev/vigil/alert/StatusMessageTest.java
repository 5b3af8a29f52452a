package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusMessageTest {

  @Test
  void parsesOnlineAndOfflineIgnoringCaseAndSpace() {
    assertThat(StatusMessage.parse("devices/kitchen-1/status", "offline"))
        .contains(new StatusMessage("kitchen-1", "offline"));
    assertThat(StatusMessage.parse("devices/pi:42/status", " Online\n")).contains(new StatusMessage("pi:42", "online"));
  }

  @Test
  void rejectsAnUnknownPayload() {
    assertThat(StatusMessage.parse("devices/kitchen-1/status", "sleeping")).isEmpty();
  }

  @Test
  void rejectsATopicThatIsNotAStatusTopic() {
    assertThat(StatusMessage.parse("devices/kitchen-1/telemetry", "online")).isEmpty();
    assertThat(StatusMessage.parse("devices/a/b/status", "online")).isEmpty();
  }

  @Test
  void rejectsAnInvalidDeviceId() {
    assertThat(StatusMessage.parse("devices/" + "x".repeat(65) + "/status", "online")).isEmpty();
  }
}
