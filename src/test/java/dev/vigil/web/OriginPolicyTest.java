package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

  private final OriginPolicy policy = new OriginPolicy(List.of("https://vigil.example.org/"));

  @Test
  void allowsThePageOfTheHostTheRequestWasAddressedTo() {
    assertThat(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080", "same-origin")).isTrue();
    assertThat(policy.allows("http://vigil.lan", "vigil.lan:80", null)).isTrue();
    assertThat(policy.allows("HTTP://Vigil.LAN:8080", "vigil.lan:8080", null)).isTrue();
  }

  @Test
  void refusesAnotherSiteAnotherPortAndTheNullOrigin() {
    assertThat(policy.allows("http://evil.example", "127.0.0.1:8080", "cross-site")).isFalse();
    assertThat(policy.allows("http://127.0.0.1:9000", "127.0.0.1:8080", "same-site")).isFalse();
    assertThat(policy.allows("null", "127.0.0.1:8080", "cross-site")).isFalse();
    assertThat(policy.allows("http://127.0.0.1:8080", null, null)).isFalse();
  }

  @Test
  void allowsAConfiguredOriginWhateverTheHost() {
    assertThat(policy.allows("https://vigil.example.org", "10.0.0.5:8080", "cross-site")).isTrue();
    assertThat(policy.allows("https://vigil.example.org:443", "10.0.0.5:8080", "cross-site")).isTrue();
    assertThat(policy.allows("http://vigil.example.org", "10.0.0.5:8080", "cross-site")).isFalse();
  }

  @Test
  void letsClientsWithoutOriginThroughUnlessTheBrowserSaysCrossSite() {
    assertThat(policy.allows(null, "127.0.0.1:8080", null)).isTrue();
    assertThat(policy.allows(null, "127.0.0.1:8080", "same-origin")).isTrue();
    assertThat(policy.allows(null, "127.0.0.1:8080", "none")).isTrue();
    assertThat(policy.allows(null, "127.0.0.1:8080", "cross-site")).isFalse();
    assertThat(policy.allows(null, "127.0.0.1:8080", "same-site")).isFalse();
  }

  @Test
  void rejectsAConfiguredEntryThatIsNotAnOrigin() {
    assertThatThrownBy(() -> new OriginPolicy(List.of("vigil.example.org"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OriginPolicy(List.of("https://vigil.example.org/path")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
