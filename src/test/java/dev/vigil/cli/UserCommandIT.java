package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testsupport.TestInfra;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code vigil user add} against a real PostgreSQL: what it prints, what it stores, how it refuses. */
class UserCommandIT {

  private String out;
  private String err;

  @Test
  void addsAUserWithAOneTimePasswordPrintedOnce() throws Exception {
    String pg = TestInfra.freshDatabase();
    assertThat(run(null, "user", "add", "vera", "--role", "viewer", "--pg-url", pg)).isEqualTo(0);
    assertThat(out).contains("Added viewer 'vera'").contains("One-time password");
    assertThat(TestInfra.queryString(pg, "SELECT role || ' ' || must_change_password FROM users WHERE name = 'vera'"))
        .isEqualTo("viewer true");
    String password = out.lines().map(String::trim).filter(l -> l.matches("[A-Za-z0-9]{20}")).findFirst().orElseThrow();
    assertThat(TestInfra.queryString(pg, "SELECT password_hash FROM users WHERE name = 'vera'"))
        .startsWith("$pbkdf2$").doesNotContain(password);
  }

  @Test
  void takesAChosenPasswordFromStandardInput() throws Exception {
    String pg = TestInfra.freshDatabase();
    assertThat(run("otto-chosen-password\n", "user", "add", "otto", "--role", "operator", "--password-stdin",
        "--pg-url", pg)).isEqualTo(0);
    assertThat(out).doesNotContain("One-time");
    assertThat(TestInfra.queryString(pg, "SELECT role || ' ' || must_change_password FROM users WHERE name = 'otto'"))
        .isEqualTo("operator false");
  }

  @Test
  void refusesAnUnknownRoleAnExistingNameAndAShortPasswordNamingWhatIsWrong() throws Exception {
    String pg = TestInfra.freshDatabase();
    assertThat(run(null, "user", "add", "vera", "--role", "boss", "--pg-url", pg)).isEqualTo(2);
    assertThat(err).contains("--role 'boss'").contains("viewer, operator or admin").doesNotContain("Exception");
    assertThat(run("short\n", "user", "add", "vera", "--role", "viewer", "--password-stdin", "--pg-url", pg)).isEqualTo(2);
    assertThat(err).contains("--password-stdin").contains("at least 10");
    assertThat(run(null, "user", "add", "vera", "--role", "viewer", "--pg-url", pg)).isEqualTo(0);
    assertThat(run(null, "user", "add", "vera", "--role", "admin", "--pg-url", pg)).isEqualTo(1);
    assertThat(err).contains("user 'vera' exists");
  }

  @Test
  void saysWhichDatabaseItCannotReachWithoutAStackTrace() {
    assertThat(run(null, "user", "add", "vera", "--role", "viewer", "--pg-url",
        "postgresql://postgres:secret@127.0.0.1:1/none")).isEqualTo(1);
    assertThat(err).contains("cannot reach PostgreSQL at postgresql://postgres:***@127.0.0.1:1/none")
        .doesNotContain("secret").doesNotContain("\tat ");
  }

  private int run(String stdin, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    InputStream oldIn = System.in;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      if (stdin != null) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      }
      return Main.run(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
      out = o.toString(StandardCharsets.UTF_8);
      err = e.toString(StandardCharsets.UTF_8);
    }
  }
}
