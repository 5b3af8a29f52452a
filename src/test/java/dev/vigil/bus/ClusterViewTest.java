package dev.vigil.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterViewTest {

  @Test
  void membersAreSortedWithoutDuplicatesAndAlwaysIncludeTheNodeItself() {
    ClusterView view = new ClusterView("b", List.of("c", "a", "c"));

    assertThat(view.members()).containsExactly("a", "b", "c");
  }

  @Test
  void twoInstancesWithTheSameMembersAgreeOnEveryOwnerAndEachOwnsWhatItIsNamedFor() {
    ClusterView seenByA = new ClusterView("a", List.of("a", "b"));
    ClusterView seenByB = new ClusterView("b", List.of("b", "a"));

    for (int i = 0; i < 200; i++) {
      String device = "pump-" + i;
      assertThat(seenByA.ownerOf(device)).isEqualTo(seenByB.ownerOf(device));
      assertThat(seenByA.owns(device)).isNotEqualTo(seenByB.owns(device));
    }
  }

  @Test
  void aNodeAloneOwnsEveryDevice() {
    ClusterView alone = new ClusterView("a", List.of());

    assertThat(alone.owns("anything")).isTrue();
  }

  @Test
  void survivesTheJsonItTravelsAs() {
    ClusterView view = new ClusterView("b", List.of("a", "b", "c"));

    assertThat(ClusterView.fromJson(new JsonObject(view.toJson().encode()))).isEqualTo(view);
  }
}
