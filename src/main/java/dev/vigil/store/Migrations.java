package dev.vigil.store;

import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the versioned SQL migrations in {@code db/migration} (the one definition of the schema)
 * with Flyway. Flyway speaks JDBC, so this blocks: call it from a worker, never an event loop.
 */
public final class Migrations {

  private Migrations() {
  }

  /** Migrates the database at {@code pgUri} to the newest schema; returns how many migrations ran. */
  public static int migrate(String pgUri) {
    PgConnectOptions options = PgConnectOptions.fromUri(pgUri);
    MigrateResult result = Flyway.configure()
        .dataSource(jdbcUrl(options), options.getUser(), options.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    return result.migrationsExecuted;
  }

  /** The JDBC form of a postgresql:// URI (user and password are passed separately). */
  public static String jdbcUrl(PgConnectOptions options) {
    return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
  }
}
