package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ChannelTest {

  private static InvalidChannelException refusal(String json) {
    try {
      Channel.fromJson(0, new JsonObject(json));
    } catch (InvalidChannelException e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void anEmailChannelNeedsAtLeastOneValidAddress() {
    assertThat(refusal("{\"name\":\"ops\",\"type\":\"email\",\"settings\":{\"to\":[]}}").field()).isEqualTo("settings.to");
    assertThat(refusal("{\"name\":\"ops\",\"type\":\"email\",\"settings\":{\"to\":[\"not an address\"]}}").reason())
        .contains("not an email address");
    Channel ok = Channel.fromJson(0, new JsonObject("{\"name\":\"ops\",\"type\":\"email\",\"settings\":{\"to\":[\"ops@example.com\"]}}"));
    assertThat(ok.enabled()).isTrue();
    assertThat(ok.routing()).isEqualTo(Routing.everything());
  }

  @Test
  void webhookUrlsMustBeAbsoluteHttpWithoutCredentials() {
    assertThat(refusal("{\"name\":\"h\",\"type\":\"webhook\",\"settings\":{\"url\":\"ftp://x/\"}}").field())
        .isEqualTo("settings.url");
    assertThat(refusal("{\"name\":\"h\",\"type\":\"slack\",\"settings\":{\"url\":\"/relative\"}}").field())
        .isEqualTo("settings.url");
    assertThat(refusal("{\"name\":\"h\",\"type\":\"webhook\",\"settings\":{\"url\":\"http://u:p@host/\"}}").field())
        .isEqualTo("settings.url");
  }

  @Test
  void anUnknownTypeOrMissingNameIsRefusedNamingTheField() {
    assertThat(refusal("{\"name\":\"h\",\"type\":\"sms\",\"settings\":{}}").field()).isEqualTo("type");
    assertThat(refusal("{\"type\":\"webhook\",\"settings\":{\"url\":\"http://h/\"}}").field()).isEqualTo("name");
    assertThat(refusal("{\"name\":\"<script>\",\"type\":\"webhook\",\"settings\":{\"url\":\"http://h/\"}}").field())
        .isEqualTo("name");
    assertThat(refusal("{\"name\":\"h\",\"type\":\"webhook\"}").field()).isEqualTo("settings");
    assertThat(refusal("{\"name\":\"h\",\"type\":\"webhook\",\"enabled\":\"yes\",\"settings\":{\"url\":\"http://h/\"}}")
        .field()).isEqualTo("enabled");
  }

  @Test
  void anNtfyTokenIsNeverShownBackAndSurvivesAnEditThatShowsItHidden() {
    Channel stored = Channel.fromJson(4, new JsonObject(
        "{\"name\":\"phone\",\"type\":\"ntfy\",\"settings\":{\"url\":\"https://ntfy.sh/t\",\"token\":\"tk_secret\"}}"));
    assertThat(stored.toJson().encode()).doesNotContain("tk_secret");
    Channel edited = Channel.fromJson(4, stored.toJson().put("name", "phone 2"));
    assertThat(edited.keepingSecretsOf(stored).settings().getString("token")).isEqualTo("tk_secret");
    assertThat(edited.keepingSecretsOf(stored).name()).isEqualTo("phone 2");
  }

  @Test
  void aStoredChannelReadsBackEqual() {
    Channel c = Channel.fromJson(9, new JsonObject("{\"name\":\"night\",\"type\":\"slack\","
        + "\"settings\":{\"url\":\"https://hooks.slack.com/services/x\"},\"routing\":{\"minSeverity\":\"high\"},"
        + "\"rateLimit\":{\"max\":5,\"perSeconds\":600},"
        + "\"quietHours\":{\"from\":\"22:00\",\"to\":\"07:00\",\"zone\":\"Europe/Paris\"}}"));
    assertThat(Channel.fromJson(9, c.specJson())).isEqualTo(c);
  }

  @Test
  void aRateLimitMustBePositive() {
    assertThatThrownBy(() -> Channel.fromJson(0, new JsonObject("{\"name\":\"h\",\"type\":\"webhook\","
        + "\"settings\":{\"url\":\"http://h/\"},\"rateLimit\":{\"max\":0,\"perSeconds\":60}}")))
        .isInstanceOfSatisfying(InvalidChannelException.class, e -> assertThat(e.field()).isEqualTo("rateLimit.max"));
  }

  @Test
  void aWebhookSecretIsNeverShownBackAndSurvivesAnEdit() {
    Channel stored = Channel.fromJson(5, new JsonObject(
        "{\"name\":\"hook\",\"type\":\"webhook\",\"settings\":{\"url\":\"https://h/\",\"secret\":\"s3cr3t\"}}"));
    assertThat(stored.toJson().encode()).doesNotContain("s3cr3t").contains("(set)");
    Channel edited = Channel.fromJson(5, stored.toJson()).keepingSecretsOf(stored);
    assertThat(edited.settings().getString("secret")).isEqualTo("s3cr3t");
  }
}
