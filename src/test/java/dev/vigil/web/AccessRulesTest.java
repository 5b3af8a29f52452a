package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.auth.Role;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** Who may call what, with users on: deny by default, every write not listed is an admin's. */
class AccessRulesTest {

  @Test
  void readsNeedAViewer() {
    assertThat(AccessRules.needed(HttpMethod.GET, "/api/devices")).isEqualTo(Role.VIEWER);
    assertThat(AccessRules.needed(HttpMethod.GET, "/api/alerts/7")).isEqualTo(Role.VIEWER);
  }

  @Test
  void acknowledgingAndClearingNeedAnOperator() {
    assertThat(AccessRules.needed(HttpMethod.POST, "/api/alerts/7/ack")).isEqualTo(Role.OPERATOR);
    assertThat(AccessRules.needed(HttpMethod.POST, "/api/alerts/7/clear/")).isEqualTo(Role.OPERATOR);
    assertThat(AccessRules.needed(HttpMethod.DELETE, "/api/alerts/7/ack")).isEqualTo(Role.ADMIN);
  }

  @Test
  void placingADeviceInASiteNeedsAnOperatorAndSettingASitesTariffAnAdmin() {
    assertThat(AccessRules.needed(HttpMethod.PUT, "/api/devices/meter-1/placement")).isEqualTo(Role.OPERATOR);
    assertThat(AccessRules.needed(HttpMethod.DELETE, "/api/devices/meter-1/placement")).isEqualTo(Role.ADMIN);
    assertThat(AccessRules.needed(HttpMethod.PUT, "/api/devices/meter-1/placement/x")).isEqualTo(Role.ADMIN);
    assertThat(AccessRules.needed(HttpMethod.PUT, "/api/sites/hq")).isEqualTo(Role.ADMIN);
    assertThat(AccessRules.needed(HttpMethod.GET, "/api/energy")).isEqualTo(Role.VIEWER);
  }

  @Test
  void anyOtherWriteAndEverythingAboutUsersAndTokensNeedsAnAdmin() {
    assertThat(AccessRules.needed(HttpMethod.POST, "/api/rules")).isEqualTo(Role.ADMIN);
    assertThat(AccessRules.needed(HttpMethod.PUT, "/api/something/added/later")).isEqualTo(Role.ADMIN);
    assertThat(AccessRules.needed(HttpMethod.GET, "/api/users")).isEqualTo(Role.ADMIN);
    assertThat(AccessRules.needed(HttpMethod.GET, "/api/tokens")).isEqualTo(Role.ADMIN);
  }

  @Test
  void anyoneLoggedInMayChangeTheirOwnPassword() {
    assertThat(AccessRules.needed(HttpMethod.POST, "/api/me/password")).isEqualTo(Role.VIEWER);
    assertThat(AccessRules.allowedBeforePasswordChange("/api/me/password")).isTrue();
    assertThat(AccessRules.allowedBeforePasswordChange("/api/devices")).isFalse();
  }

  @Test
  void onlyLoginAndLogoutArePublic() {
    assertThat(AccessRules.isPublic(HttpMethod.POST, "/api/login")).isTrue();
    assertThat(AccessRules.isPublic(HttpMethod.POST, "/api/logout")).isTrue();
    assertThat(AccessRules.isPublic(HttpMethod.GET, "/api/me")).isFalse();
    assertThat(AccessRules.isPublic(HttpMethod.GET, "/api/login")).isFalse();
  }

  @Test
  void openOnLocalhostServesOnlyRequestsAddressedToALoopbackName() {
    assertThat(WebConfig.loopbackHost("127.0.0.1:8080")).isTrue();
    assertThat(WebConfig.loopbackHost("localhost")).isTrue();
    assertThat(WebConfig.loopbackHost("[::1]:8080")).isTrue();
    assertThat(WebConfig.loopbackHost("evil.example:8080")).isFalse();
    assertThat(WebConfig.loopbackHost("127.0.0.1.evil.example")).isFalse();
    assertThat(WebConfig.loopbackHost(null)).isFalse();
    assertThat(WebConfig.loopback("0.0.0.0")).isFalse();
    assertThat(WebConfig.loopback("127.0.0.1")).isTrue();
  }
}
