package dev.vigil.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets (session ids, CSRF and API tokens, one-time passwords) and the digest stored in their place. */
public final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private Secrets() {
  }

  /** 256 random bits, URL-safe base64 without padding (43 characters). */
  public static String token() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * A one-time password of 20 characters without look-alikes (no 0/O, 1/l/I): about 116 bits, easy
   * to copy from a console.
   */
  public static String password() {
    StringBuilder b = new StringBuilder(20);
    for (int i = 0; i < 20; i++) {
      b.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
    }
    return b.toString();
  }

  /**
   * SHA-256 of a random secret: what the database keeps of a session id or an API token. A fast hash is
   * enough for 256 random bits (nothing to guess); passwords, chosen by people, get the slow {@link Passwords}.
   */
  public static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /** Constant-time comparison of two strings (null never equals). */
  public static boolean same(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
