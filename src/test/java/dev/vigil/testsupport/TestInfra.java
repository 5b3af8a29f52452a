package dev.vigil.testsupport;

import dev.vigil.infra.EmbeddedBroker;
import dev.vigil.infra.EmbeddedDatabase;
import dev.vigil.infra.FreePort;
import dev.vigil.store.Migrations;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Where integration tests find a real MQTT broker and a real PostgreSQL, in this order:
 * {@code VIGIL_TEST_MQTT_URL} / {@code VIGIL_TEST_PG_URL} when set (CI sets them to the machine's
 * Mosquitto and PostgreSQL); else containers when a Docker engine answers; else Vigil's own
 * embedded broker and PostgreSQL. One of each per test JVM, started on first use; the embedded ones are
 * stopped and their data deleted when the JVM exits.
 */
public final class TestInfra {

  /** Where the infrastructure came from, for test logs. */
  public enum Source { ENVIRONMENT, TESTCONTAINERS, EMBEDDED }

  private static Broker broker;
  private static String serverPgUri;

  private TestInfra() {
  }

  /** A broker endpoint. */
  public record Broker(String host, int port, Source source) {
    public String url() {
      return "mqtt://" + host + ":" + port;
    }
  }

  public static synchronized Broker broker() {
    if (broker == null) {
      broker = startBroker();
    }
    return broker;
  }

  /**
   * A new, empty database on the shared server with every migration applied, so that test classes
   * never see each other's rows. Returns its postgresql:// URI.
   */
  public static String freshDatabase() {
    String server = serverPgUri();
    String name = "vigil_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(server, "CREATE DATABASE " + name);
    String uri = withDatabase(server, name);
    Migrations.migrate(uri);
    return uri;
  }

  /** Runs one SQL statement over JDBC (test set-up only). */
  public static void execute(String pgUri, String sql) {
    try (Connection c = connect(pgUri); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "' on " + pgUri + ": " + e.getMessage(), e);
    }
  }

  /** The first column of the first row of a query, as text; null when it returns no row. */
  public static String queryString(String pgUri, String sql) throws SQLException {
    try (Connection c = connect(pgUri); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** A JDBC connection to a database of {@link #freshDatabase()} (for tests that hold locks or transactions). */
  public static Connection connect(String pgUri) throws SQLException {
    PgConnectOptions o = PgConnectOptions.fromUri(pgUri);
    return DriverManager.getConnection(Migrations.jdbcUrl(o), o.getUser(), o.getPassword());
  }

  /** A free TCP port. */
  public static int freePort() {
    return FreePort.find();
  }

  public static synchronized String serverPgUri() {
    if (serverPgUri == null) {
      serverPgUri = startPostgres();
    }
    return serverPgUri;
  }

  private static Broker startBroker() {
    String url = System.getenv("VIGIL_TEST_MQTT_URL");
    if (url != null && !url.isBlank()) {
      URI uri = URI.create(url);
      return new Broker(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 1883, Source.ENVIRONMENT);
    }
    if (dockerAvailable()) {
      GenericContainer<?> mosquitto = new GenericContainer<>("eclipse-mosquitto:2")
          .withCommand("mosquitto", "-c", "/mosquitto-no-auth.conf")
          .withExposedPorts(1883);
      mosquitto.start();
      return new Broker(mosquitto.getHost(), mosquitto.getMappedPort(1883), Source.TESTCONTAINERS);
    }
    Path dir = null;
    try {
      int port = freePort();
      dir = Files.createTempDirectory("vigil-test-broker");
      EmbeddedBroker embedded = EmbeddedBroker.start(port, dir);
      // Shared by every test of this JVM, so it and its data (1.4 GB of write-ahead log) go when the JVM does.
      Path data = dir;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        embedded.close();
        TestFiles.deleteTree(data);
      }));
      return new Broker("127.0.0.1", port, Source.EMBEDDED);
    } catch (IOException e) {
      TestFiles.deleteTree(dir); // every later test tries again, each with a directory of its own
      throw new IllegalStateException("cannot start the embedded broker", e);
    }
  }

  private static String startPostgres() {
    String url = System.getenv("VIGIL_TEST_PG_URL");
    if (url != null && !url.isBlank()) {
      return url;
    }
    if (dockerAvailable()) {
      PostgreSQLContainer pg = new PostgreSQLContainer("postgres:16-alpine");
      pg.start();
      return "postgresql://" + pg.getUsername() + ":" + pg.getPassword() + "@" + pg.getHost() + ":"
          + pg.getMappedPort(5432) + "/" + pg.getDatabaseName();
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("vigil-test-pg");
      EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0);
      Path cluster = dir;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        if (closeQuietly(db)) {
          TestFiles.deleteTree(cluster);
        }
      }));
      return db.uri();
    } catch (IOException e) {
      TestFiles.deleteTree(dir); // every later test tries again, each with a directory of its own
      throw new IllegalStateException("cannot start the embedded PostgreSQL", e);
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static String withDatabase(String uri, String database) {
    URI u = URI.create(uri);
    return u.getScheme() + "://" + u.getRawAuthority() + "/" + database.toLowerCase(Locale.ROOT);
  }

  /** Whether the server stopped: only then may its cluster be deleted. */
  private static boolean closeQuietly(EmbeddedDatabase db) {
    try {
      db.close();
      return true;
    } catch (IOException e) {
      return false; // the JVM is going away; nothing more to do for a server that would not stop
    }
  }
}
