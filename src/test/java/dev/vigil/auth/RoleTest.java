package dev.vigil.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoleTest {

  @Test
  void eachRoleIncludesTheOnesBelowIt() {
    assertThat(Role.ADMIN.allows(Role.OPERATOR)).isTrue();
    assertThat(Role.ADMIN.allows(Role.VIEWER)).isTrue();
    assertThat(Role.OPERATOR.allows(Role.VIEWER)).isTrue();
    assertThat(Role.OPERATOR.allows(Role.ADMIN)).isFalse();
    assertThat(Role.VIEWER.allows(Role.OPERATOR)).isFalse();
  }

  @Test
  void parsesTheWireNameInAnyCaseAndNothingElse() {
    assertThat(Role.parse("Operator")).contains(Role.OPERATOR);
    assertThat(Role.parse(" admin ")).contains(Role.ADMIN);
    assertThat(Role.parse("root")).isEmpty();
    assertThat(Role.parse(null)).isEmpty();
    assertThat(Role.VIEWER.wire()).isEqualTo("viewer");
  }
}
