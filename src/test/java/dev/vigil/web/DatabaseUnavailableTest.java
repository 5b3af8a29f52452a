package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

  @Test
  void aRefusedConnectionIsTheDatabaseBeingAway() {
    assertThat(DatabaseUnavailable.reason(new RuntimeException(new ConnectException("Connection refused"))))
        .hasValueSatisfying(reason -> assertThat(reason).contains("unreachable"));
  }

  @Test
  void anAdminShutdownIsTheDatabaseBeingAway() {
    assertThat(DatabaseUnavailable.reason(new PgException("terminating connection", "FATAL", "57P01", null)))
        .isPresent();
  }

  @Test
  void aSyntaxErrorIsNot() {
    assertThat(DatabaseUnavailable.reason(new PgException("syntax error", "ERROR", "42601", null))).isEmpty();
  }
}
