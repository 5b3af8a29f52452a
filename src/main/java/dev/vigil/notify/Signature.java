package dev.vigil.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook body, so that a receiver can tell Vigil's requests from anyone else's:
 * {@code sha256=} and the lowercase hex HMAC-SHA256 of the exact body bytes under the channel's secret
 * (the scheme GitHub's webhooks use, which many receivers already check).
 */
public final class Signature {

  public static final String HEADER = "X-Vigil-Signature";

  private Signature() {
  }

  public static String of(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
