package dev.vigil.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class TariffTest {

  static final JsonObject PEAK_ON_WEEKDAYS = new JsonObject("""
      {"type":"tou","price":0.2,"periods":[{"days":["mon","tue","wed","thu","fri"],"from":"07:00","to":"23:00","price":0.4}]}""");

  @Test
  void aTimeOfUsePeriodPricesItsHoursAndTheBasePriceTheRest() {
    Tariff t = Tariff.fromJson(PEAK_ON_WEEKDAYS);
    assertThat(t.priceAt(LocalDateTime.parse("2024-05-06T07:00"))).as("Monday 07:00").isEqualTo(0.4);
    assertThat(t.priceAt(LocalDateTime.parse("2024-05-06T22:45"))).isEqualTo(0.4);
    assertThat(t.priceAt(LocalDateTime.parse("2024-05-06T23:00"))).as("to is exclusive").isEqualTo(0.2);
    assertThat(t.priceAt(LocalDateTime.parse("2024-05-06T06:59"))).isEqualTo(0.2);
    assertThat(t.priceAt(LocalDateTime.parse("2024-05-11T12:00"))).as("Saturday").isEqualTo(0.2);
  }

  @Test
  void roundTripsThroughJson() {
    assertThat(Tariff.fromJson(Tariff.fromJson(PEAK_ON_WEEKDAYS).toJson())).isEqualTo(Tariff.fromJson(PEAK_ON_WEEKDAYS));
    assertThat(Tariff.fromJson(new JsonObject("{\"type\":\"flat\",\"price\":0.3}"))).isEqualTo(Tariff.flat(0.3));
  }

  @Test
  void refusesAPeriodOffTheQuarterHourOrBackwardsOrANegativePrice() {
    assertRefused("{\"type\":\"tou\",\"price\":0.2,\"periods\":[{\"days\":[\"mon\"],\"from\":\"07:10\",\"to\":\"08:00\",\"price\":1}]}",
        "tariff.periods[0].from");
    assertRefused("{\"type\":\"tou\",\"price\":0.2,\"periods\":[{\"days\":[\"mon\"],\"from\":\"22:00\",\"to\":\"06:00\",\"price\":1}]}",
        "tariff.periods[0].to");
    assertRefused("{\"type\":\"tou\",\"price\":0.2,\"periods\":[{\"days\":[\"someday\"],\"from\":\"06:00\",\"to\":\"07:00\",\"price\":1}]}",
        "tariff.periods[0].days");
    assertRefused("{\"type\":\"flat\",\"price\":-1}", "tariff.price");
    assertRefused("{\"type\":\"spot\",\"price\":1}", "tariff.type");
    assertRefused("{\"type\":\"tou\",\"price\":1,\"periods\":[]}", "tariff.periods");
  }

  private static void assertRefused(String json, String field) {
    assertThatThrownBy(() -> Tariff.fromJson(new JsonObject(json))).isInstanceOf(InvalidEnergyInput.class)
        .extracting(e -> ((InvalidEnergyInput) e).field()).isEqualTo(field);
  }
}
