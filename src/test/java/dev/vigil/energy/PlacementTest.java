package dev.vigil.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlacementTest {

  @Test
  void acceptsASiteKeyValueTagsAndARoleAndDropsRepeatedTags() {
    Placement p = Placement.fromJson(new JsonObject("{\"site\":\"hq\",\"tags\":[\"floor:2\",\"kind:hvac\",\"floor:2\"],"
        + "\"energyRole\":\"producer\"}"));
    assertThat(p).isEqualTo(new Placement("hq", List.of("floor:2", "kind:hvac"), "producer"));
    assertThat(Placement.fromJson(new JsonObject("{\"site\":null}"))).isEqualTo(new Placement(null, List.of(), "consumer"));
  }

  @Test
  void refusesASiteWithMarkupOrSpacesOrTooLong() {
    assertField("{\"site\":\"<script>\"}", "site");
    assertField("{\"site\":\"main building\"}", "site");
    assertField("{\"site\":\"" + "x".repeat(65) + "\"}", "site");
    assertField("{\"site\":7}", "site");
  }

  @Test
  void refusesABadTagTooManyTagsOrTagsThatAreNotAList() {
    assertField("{\"tags\":[\"floor:2:3\"]}", "tags");
    assertField("{\"tags\":[\"\"]}", "tags");
    assertField("{\"tags\":[\"" + "x".repeat(33) + "\"]}", "tags");
    assertField("{\"tags\":\"floor:2\"}", "tags");
    assertField(new JsonObject().put("tags", new JsonArray(IntStream.range(0, 17).mapToObj(i -> "t" + i).toList())).encode(), "tags");
    assertField("{\"energyRole\":\"battery\"}", "energyRole");
  }

  @Test
  void timeZonesAreIanaNames() {
    assertThat(Placement.zone("Europe/Paris", "tz").getId()).isEqualTo("Europe/Paris");
    assertThatThrownBy(() -> Placement.zone("Mars/Olympus", "tz")).isInstanceOf(InvalidEnergyInput.class);
  }

  private static void assertField(String json, String field) {
    assertThatThrownBy(() -> Placement.fromJson(new JsonObject(json))).isInstanceOf(InvalidEnergyInput.class)
        .extracting(e -> ((InvalidEnergyInput) e).field()).isEqualTo(field);
  }
}
