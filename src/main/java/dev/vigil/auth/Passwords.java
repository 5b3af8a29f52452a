package dev.vigil.auth;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.auth.hashing.HashingStrategy;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Password hashes through Vert.x's own hashing strategy (vertx-auth-common): PBKDF2-HMAC-SHA512 with a
 * 16-byte random salt and {@value #ITERATIONS} iterations (OWASP's figure for this hash), stored as a
 * self-describing string ({@code $pbkdf2$it=...$salt$hash}) so that the cost can be raised later without
 * breaking old hashes. Each hash takes tens of milliseconds of CPU on purpose, so it always runs on a
 * small worker pool of its own: never on an event loop, and a flood of logins cannot take the workers
 * other blocking work needs.
 */
public final class Passwords {

  static final int ITERATIONS = 210_000;
  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 200;
  private static final String ALGORITHM = "pbkdf2";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HashingStrategy strategy = HashingStrategy.load();
  private final WorkerExecutor workers;
  /** Compared against when the user does not exist, so that an unknown name costs as long as a wrong password. */
  private volatile String decoy;

  /** {@code workers}: where hashing runs (a dedicated executor of a couple of threads). */
  public Passwords(WorkerExecutor workers) {
    this.workers = workers;
  }

  public Future<String> hash(String password) {
    return workers.executeBlocking(() -> hashNow(password), false);
  }

  /** Whether {@code password} matches {@code stored}; with {@code stored} null it checks a decoy and answers false. */
  public Future<Boolean> verify(String stored, String password) {
    return workers.executeBlocking(() -> {
      if (stored == null) {
        if (decoy == null) {
          decoy = hashNow(Secrets.password());
        }
        strategy.verify(decoy, password);
        return false;
      }
      return strategy.verify(stored, password);
    }, false);
  }

  /** The hash, computed on the calling thread (a worker, or a command-line tool's main thread). */
  String hashNow(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return strategy.hash(ALGORITHM, Map.of("it", Integer.toString(ITERATIONS)),
        Base64.getEncoder().withoutPadding().encodeToString(salt), password);
  }

  /** Why {@code password} is not acceptable as a new password, or null when it is. */
  public static String problem(String password) {
    if (password == null || password.length() < MIN_LENGTH) {
      return "must be at least " + MIN_LENGTH + " characters";
    }
    if (password.length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters";
    }
    return null;
  }
}
