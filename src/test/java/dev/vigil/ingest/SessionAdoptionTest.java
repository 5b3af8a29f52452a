package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.bus.ClusterView;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SessionAdoptionTest {

  private static final String FILTER = "$share/vigil/devices/+/telemetry";

  @Test
  void aSessionWhoseMemberIsStillInTheClusterIsAdoptedByNobody() {
    String entry = SessionAdoption.entry("node-b", FILTER);
    for (String self : List.of("node-a", "node-b", "node-c")) {
      ClusterView view = new ClusterView(self, List.of("node-a", "node-b", "node-c"));
      assertThat(SessionAdoption.isMineToAdopt(view, "vigil-b", entry)).as(self).isFalse();
    }
  }

  @Test
  void exactlyOneSurvivorAdoptsEachDeadMembersSessionAndAllSurvivorsAgreeWhich() {
    List<String> survivors = List.of("node-a", "node-c", "node-d");
    IntStream.range(0, 200).forEach(i -> {
      String clientId = "vigil-" + i;
      String entry = SessionAdoption.entry("node-dead-" + i, FILTER);
      long adopters = survivors.stream()
          .filter(self -> SessionAdoption.isMineToAdopt(new ClusterView(self, survivors), clientId, entry))
          .count();
      assertThat(adopters).as(clientId).isEqualTo(1);
    });
  }

  @Test
  void theSessionsOfSeveralDeadMembersAreSpreadOverTheSurvivors() {
    List<String> survivors = List.of("node-a", "node-c");
    long adoptedByA = IntStream.range(0, 200)
        .filter(i -> SessionAdoption.isMineToAdopt(new ClusterView("node-a", survivors), "vigil-" + i,
            SessionAdoption.entry("gone-" + i, FILTER)))
        .count();
    assertThat(adoptedByA).isBetween(60L, 140L);
  }

  @Test
  void anEntryKeepsTheNodeAndTheTopicFilterApart() {
    String entry = SessionAdoption.entry("3f2a-node", FILTER);
    assertThat(SessionAdoption.nodeOf(entry)).isEqualTo("3f2a-node");
    assertThat(SessionAdoption.topicOf(entry)).isEqualTo(FILTER);
  }
}
