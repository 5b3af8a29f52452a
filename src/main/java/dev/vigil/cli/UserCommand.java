package dev.vigil.cli;

import dev.vigil.auth.Passwords;
import dev.vigil.auth.Role;
import dev.vigil.auth.Secrets;
import dev.vigil.auth.User;
import dev.vigil.auth.UserStore;
import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigKey;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.store.Migrations;
import dev.vigil.store.PgPools;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil user add NAME --role ROLE} and {@code vigil user reset-password NAME}: people who log in,
 * managed from the machine Vigil runs on (for the first admin when the console that printed its one-time
 * password is gone, or a locked-out admin). Same database settings as {@code serve}.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
    description = {"Add a user who logs in to the dashboard, or give one a new one-time password.",
        "Uses the database of 'vigil serve' (pg.url, or the embedded one while serve runs)."})
public final class UserCommand {

  @Option(names = "--config", paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Properties file with settings, as for serve.")
  Path configFile;

  @Option(names = "--pg-url", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "PostgreSQL URL (VIGIL_PG_URL). Default: the embedded database of a running 'vigil serve'.")
  String pgUrl;

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a user. Without --password-stdin a one-time password is generated and printed; "
          + "the user chooses their own at the first login.")
  int add(@Parameters(paramLabel = "NAME", description = "Login name: letters, digits, _ . @ -, up to 64.") String name,
      @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, operator or admin.")
      String role,
      @Option(names = "--password-stdin", description = "Read the password (one line, at least "
          + Passwords.MIN_LENGTH + " characters) from standard input.") boolean passwordStdin) {
    if (!name.matches(User.NAME_PATTERN)) {
      return fail("add", 2, "NAME '" + name + "': must be 1 to 64 letters, digits, '_', '.', '@' or '-'");
    }
    Optional<Role> parsed = Role.parse(role);
    if (parsed.isEmpty()) {
      return fail("add", 2, "--role '" + role + "': must be viewer, operator or admin");
    }
    String chosen = passwordStdin ? readPassword() : null;
    if (passwordStdin && Passwords.problem(chosen) != null) {
      return fail("add", 2, "--password-stdin: the password " + Passwords.problem(chosen));
    }
    String password = chosen == null ? Secrets.password() : chosen;
    return withUsers("add", (users, passwords) -> passwords.hash(password)
        .compose(hash -> users.create(name, parsed.get(), hash, chosen == null))
        .map(created -> {
          if (created.isEmpty()) {
            return fail("add", 1, "user '" + name + "' exists (vigil user reset-password " + name + " gives a new password)");
          }
          System.out.println("Added " + parsed.get().wire() + " '" + name + "'.");
          if (chosen == null) {
            printOneTime(password);
          }
          return 0;
        }));
  }

  @Command(name = "reset-password", mixinStandardHelpOptions = true,
      description = "Give a user a new one-time password (printed); they choose their own at the next login.")
  int resetPassword(@Parameters(paramLabel = "NAME", description = "Login name.") String name) {
    String password = Secrets.password();
    return withUsers("reset-password", (users, passwords) -> passwords.hash(password)
        .compose(hash -> users.update(name, null, hash, true))
        .map(updated -> {
          if (updated.isEmpty()) {
            return fail("reset-password", 1, "no user '" + name + "'");
          }
          System.out.println("New one-time password for '" + name + "'.");
          printOneTime(password);
          return 0;
        }));
  }

  private interface UserWork {
    Future<Integer> run(UserStore users, Passwords passwords);
  }

  /** Migrates the database (so the users table exists), runs {@code work} against it, and tidies up. */
  private int withUsers(String command, UserWork work) {
    String uri;
    try {
      uri = databaseUri();
    } catch (ConfigException e) {
      return fail(command, 2, e.getMessage());
    }
    try {
      Migrations.migrate(uri);
    } catch (RuntimeException e) {
      return fail(command, 1, "cannot reach PostgreSQL at " + Redacted.uri(uri) + ": " + ServeCommand.causes(e)
          + (pgUrl == null ? " (without pg.url the database is the embedded one inside a running 'vigil serve')" : ""));
    }
    Vertx vertx = Vertx.vertx();
    WorkerExecutor hashing = vertx.createSharedWorkerExecutor("vigil-password-hashing", 1);
    Pool pool = PgPools.create(vertx, uri, 1);
    try {
      return work.run(new UserStore(pool), new Passwords(hashing)).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      return fail(command, 1, ServeCommand.causes(e));
    } finally {
      pool.close();
      vertx.close();
    }
  }

  private String databaseUri() {
    Map<ConfigKey, String> overrides = pgUrl == null ? Map.of() : Map.of(ConfigKey.PG_URL, pgUrl);
    VigilConfig config = ConfigLoader.load(configFile, System.getenv(), overrides);
    return config.embeddedPostgres()
        ? "postgresql://postgres@127.0.0.1:" + config.pgEmbeddedPort() + "/postgres"
        : config.pgUrl();
  }

  private static String readPassword() {
    try {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      return line == null ? null : line.strip();
    } catch (IOException e) {
      return null;
    }
  }

  private static void printOneTime(String password) {
    System.out.println("One-time password (shown only now; it must be changed at the first login):");
    System.out.println();
    System.out.println("    " + password);
  }

  private static int fail(String command, int code, String message) {
    System.err.println("vigil user " + command + ": " + message);
    return code;
  }

  /** A database URI without its password, for messages. */
  static final class Redacted {
    private Redacted() {
    }

    static String uri(String uri) {
      return uri.replaceAll("://([^:@/]+):[^@/]*@", "://$1:***@");
    }
  }
}
