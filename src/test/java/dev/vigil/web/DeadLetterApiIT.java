package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.Rejection;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/dead-letters} over real PostgreSQL rows as the dead-letter writer leaves them. */
class DeadLetterApiIT {

  private static WebFixture web;

  @BeforeAll
  static void start() {
    web = WebFixture.start();
    // esp-1: two distinct messages (one repeated 3 times) an hour ago and now; pi-2: one; a bad topic: no device
    letter("esp-1", "not_a_number", "{\"temp\": \"21\"}", 3, "now() - interval '1 hour'", "a");
    letter("esp-1", "not_json", "{temp: 21", 1, "now()", "b");
    letter("pi-2", "not_a_number", "{\"rh\": null}", 1, "now() - interval '10 minutes'", "c");
    letter(null, "bad_topic", "{}", 1, "now() - interval '5 minutes'", "d");
  }

  private static void letter(String device, String reason, String payload, int occurrences, String at, String fp) {
    web.sql("INSERT INTO dead_letters (received_at, last_received_at, topic, device_id, reason, detail, payload, "
        + "fingerprint, occurrences) VALUES (" + at + ", " + at + ", 'devices/" + device + "/telemetry', "
        + (device == null ? "NULL" : "'" + device + "'") + ", '" + reason + "', 'detail of " + fp + "', '"
        + payload.replace("'", "''") + "', '" + fp + "', " + occurrences + ")");
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  private static JsonObject page(String query) {
    HttpResponse<Buffer> response = web.get("/api/dead-letters" + query);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static JsonObject refused(String query) {
    HttpResponse<Buffer> response = web.get("/api/dead-letters" + query);
    assertThat(response.statusCode()).isEqualTo(400);
    return response.bodyAsJsonObject();
  }

  @Test
  void listsTheLatestRefusalsFirstWithTheReasonInWordsAndThePayload() {
    JsonObject page = page("");
    assertThat(page.getLong("total")).isEqualTo(4);
    assertThat(page.getLong("messages")).isEqualTo(6);
    JsonObject latest = page.getJsonArray("items").getJsonObject(0);
    assertThat(latest.getString("deviceId")).isEqualTo("esp-1");
    assertThat(latest.getString("reason")).isEqualTo("not_json");
    assertThat(latest.getString("reasonText")).isEqualTo("payload is not valid JSON");
    assertThat(latest.getString("payload")).isEqualTo("{temp: 21");
  }

  @Test
  void listsEveryReasonWithItsWordsInTheOrderOfTheWireContract() {
    HttpResponse<Buffer> response = web.get("/api/dead-letters/reasons");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray reasons = response.bodyAsJsonObject().getJsonArray("items");
    assertThat(reasons.stream().map(o -> ((JsonObject) o).getString("reason")))
        .containsExactly(Arrays.stream(Rejection.Reason.values()).map(Rejection.Reason::code).toArray(String[]::new))
        .contains("not_json", "device_limit");
    assertThat(reasons.getJsonObject(3).getString("text")).isEqualTo("payload is not valid JSON");
  }

  @Test
  void listsAndFiltersReadingsRefusedByTheDeviceLimitWithTheReasonInWords() {
    try (WebFixture own = WebFixture.start()) {
      own.sql("INSERT INTO dead_letters (topic, device_id, reason, detail, payload, fingerprint, last_received_at) "
          + "VALUES ('devices/cap-1/telemetry', 'cap-1', 'device_limit', 'scoring.devices.max', '{}', 'cap', now())");
      HttpResponse<Buffer> response = own.get("/api/dead-letters?reason=device_limit");
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      JsonObject letter = response.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
      assertThat(letter.getString("deviceId")).isEqualTo("cap-1");
      assertThat(letter.getString("reasonText"))
          .isEqualTo("this instance scores as many devices as it may (scoring.devices.max)");
    }
  }

  @Test
  void countsRefusedMessagesPerDeviceMostFirst() {
    JsonArray byDevice = page("").getJsonArray("byDevice");
    assertThat(byDevice.getJsonObject(0).getString("deviceId")).isEqualTo("esp-1");
    assertThat(byDevice.getJsonObject(0).getLong("messages")).isEqualTo(4);
    assertThat(byDevice).hasSize(3);
  }

  @Test
  void filtersByDeviceReasonAndTime() {
    assertThat(page("?deviceId=esp-1").getLong("total")).isEqualTo(2);
    assertThat(page("?reason=not_a_number").getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getString("deviceId"))).containsExactly("pi-2", "esp-1");
    JsonObject recent = page("?from=" + java.time.Instant.now().minusSeconds(1800));
    assertThat(recent.getLong("total")).isEqualTo(3);
    assertThat(page("?deviceId=esp-1&reason=not_a_number").getJsonArray("byDevice").getJsonObject(0)
        .getLong("messages")).isEqualTo(3);
  }

  @Test
  void pagesWithLimitAndOffset() {
    JsonObject second = page("?limit=2&offset=2");
    assertThat(second.getJsonArray("items")).hasSize(2);
    assertThat(second.getLong("total")).isEqualTo(4);
    assertThat(second.getJsonArray("items").getJsonObject(1).getString("reason")).isEqualTo("not_a_number");
  }

  @Test
  void refusesAnUnknownReasonNamingTheParameter() {
    JsonObject error = refused("?reason=bogus");
    assertThat(error.getString("field")).isEqualTo("reason");
    assertThat(error.getString("reason")).contains("not_a_number");
  }

  @Test
  void refusesABadDeviceIdTimeOrPageNamingTheParameter() {
    assertThat(refused("?deviceId=a%20b").getString("field")).isEqualTo("deviceId");
    assertThat(refused("?from=yesterday").getString("field")).isEqualTo("from");
    assertThat(refused("?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z").getString("field")).isEqualTo("from");
    assertThat(refused("?limit=0").getString("field")).isEqualTo("limit");
    assertThat(refused("?limit=501").getString("field")).isEqualTo("limit");
    assertThat(refused("?offset=-1").getString("field")).isEqualTo("offset");
    assertThat(refused("?limit=5&limit=6").getString("field")).isEqualTo("limit");
  }
}
