package dev.vigil.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Device ownership by rendezvous hashing: agreed by everyone, balanced, and stable under membership changes. */
class RendezvousTest {

  private static final List<String> DEVICES = IntStream.range(0, 30_000).mapToObj(i -> "device-" + i).toList();
  private static final String A = "6f1c2a9e-0b7d-4d1e-9a51-2f4c8e0d9b13";
  private static final String B = "c3e8d7a1-52b4-4f6a-8c0e-71d9b2a4e6f5";
  private static final String C = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f2a3b4c5d";
  private static final String D = "f4e3d2c1-b0a9-4876-b543-210fedcba987";

  @Test
  void ownerDependsOnlyOnTheDeviceAndTheSetOfMembersNotTheirOrder() {
    for (String device : DEVICES.subList(0, 1000)) {
      String owner = Rendezvous.ownerOf(device, List.of(A, B, C));
      assertThat(Rendezvous.ownerOf(device, List.of(C, A, B))).isEqualTo(owner);
      assertThat(Rendezvous.ownerOf(device, List.of(B, C, A))).isEqualTo(owner);
      assertThat(Rendezvous.ownerOf(device, List.of(A, B, C))).isEqualTo(owner);
    }
  }

  @Test
  void weightIsAFixedFunctionOfMemberAndDeviceSoEveryJvmAndVersionAgrees() {
    // Pinned (and checked by hand against FNV-1a + SplitMix64 outside Java): instances that computed
    // different weights would disagree on owners.
    assertThat(Long.toHexString(Rendezvous.weight("node", "device"))).isEqualTo("5b29e99ead8c1ba4");
    assertThat(Rendezvous.weight("nod", "edevice")).isNotEqualTo(Rendezvous.weight("node", "device"));
  }

  @Test
  void aSingleMemberOwnsEveryDeviceAndNoMembersOwnsNone() {
    assertThat(DEVICES.stream().allMatch(d -> A.equals(Rendezvous.ownerOf(d, List.of(A))))).isTrue();
    assertThat(Rendezvous.ownerOf("device-1", List.of())).isNull();
  }

  @Test
  void spreadsDevicesEvenlyOverTheMembers() {
    Map<String, Integer> owned = count(List.of(A, B, C));

    assertThat(owned).containsOnlyKeys(A, B, C);
    // 10,000 each expected; the standard deviation of a fair split is about 82.
    owned.values().forEach(n -> assertThat(n).isBetween(9_500, 10_500));
  }

  @Test
  void aJoiningMemberTakesAboutItsShareAndOnlyFromTheOthers() {
    List<String> before = List.of(A, B, C);
    List<String> after = List.of(A, B, C, D);
    int moved = 0;
    for (String device : DEVICES) {
      String was = Rendezvous.ownerOf(device, before);
      String is = Rendezvous.ownerOf(device, after);
      if (!was.equals(is)) {
        assertThat(is).as("a device only ever moves to the newcomer").isEqualTo(D);
        moved++;
      }
    }
    // 1/4 of 30,000 = 7,500 expected.
    assertThat(moved).isBetween(7_000, 8_000);
  }

  @Test
  void aLeavingMemberHandsOnItsOwnDevicesAndNoOthers() {
    List<String> before = List.of(A, B, C, D);
    List<String> after = List.of(A, C, D);
    Map<String, Integer> takenOver = new HashMap<>();
    for (String device : DEVICES) {
      String was = Rendezvous.ownerOf(device, before);
      String is = Rendezvous.ownerOf(device, after);
      if (was.equals(B)) {
        takenOver.merge(is, 1, Integer::sum);
      } else {
        assertThat(is).as("devices of the members that stay do not move").isEqualTo(was);
      }
    }
    // B's ~7,500 devices are spread over the three that stay, ~2,500 each.
    assertThat(takenOver).containsOnlyKeys(A, C, D);
    takenOver.values().forEach(n -> assertThat(n).isBetween(2_200, 2_800));
  }

  @Test
  void membersWhoseIdsDifferInOneCharacterStillShareFairly() {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      members.add("node-" + i);
    }
    count(members).values().forEach(n -> assertThat(n).isBetween(7_000, 8_000));
  }

  private static Map<String, Integer> count(List<String> members) {
    Map<String, Integer> owned = new HashMap<>();
    for (String device : DEVICES) {
      owned.merge(Rendezvous.ownerOf(device, members), 1, Integer::sum);
    }
    return owned;
  }
}
