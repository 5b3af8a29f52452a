package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureTest {

  @Test
  void isTheHexHmacSha256OfTheBodyAsGithubWebhooksSignIt() {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    assertThat(Signature.of("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
}
