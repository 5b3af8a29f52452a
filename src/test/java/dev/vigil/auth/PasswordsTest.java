package dev.vigil.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Password hashes are slow, salted, self-describing, and verified only by the right password. */
class PasswordsTest {

  private static Vertx vertx;
  private static WorkerExecutor workers;
  private static Passwords passwords;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    workers = vertx.createSharedWorkerExecutor("passwords-test", 2);
    passwords = new Passwords(workers);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aHashVerifiesItsPasswordAndNoOther() throws Exception {
    String hash = passwords.hash("correct horse battery").await(30, TimeUnit.SECONDS);
    assertThat(passwords.verify(hash, "correct horse battery").await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(passwords.verify(hash, "correct horse batterY").await(30, TimeUnit.SECONDS)).isFalse();
  }

  @Test
  void theHashIsPbkdf2WithTheIterationCountAndASaltOfItsOwn() throws Exception {
    String first = passwords.hash("same password").await(30, TimeUnit.SECONDS);
    String second = passwords.hash("same password").await(30, TimeUnit.SECONDS);
    assertThat(first).startsWith("$pbkdf2$it=" + Passwords.ITERATIONS + "$").doesNotContain("same password");
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void anUnknownUserIsCheckedAgainstADecoyAndNeverMatches() throws Exception {
    assertThat(passwords.verify(null, "anything at all").await(30, TimeUnit.SECONDS)).isFalse();
  }

  @Test
  void hashingRunsOnTheGivenWorkersNotOnAnEventLoop() throws Exception {
    String thread = workers.executeBlocking(() -> Thread.currentThread().getName(), false).await(10, TimeUnit.SECONDS);
    assertThat(thread).contains("passwords-test");
    assertThat(Passwords.problem("short")).contains("at least 10");
    assertThat(Passwords.problem("long enough now")).isNull();
  }
}
