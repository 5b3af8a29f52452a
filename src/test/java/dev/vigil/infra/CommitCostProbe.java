package dev.vigil.infra;

import dev.vigil.testsupport.TestFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What durability costs the embedded PostgreSQL: commits per second of single-row transactions and
 * of 500-row batches (the store's group commit), on Vigil's durable settings ({@link EmbeddedDatabase})
 * and on zonky's test defaults (fsync off, synchronous_commit off), alternating rounds so that a busy
 * machine hurts both alike. Prints one line per round (docs/benchmarks.md). Not a test: run with
 * {@code java -cp target/classes:target/test-classes:<deps> dev.vigil.infra.CommitCostProbe ROUNDS}.
 */
public final class CommitCostProbe {

  private static final int SINGLE_COMMITS = 1000;
  private static final int BATCHES = 40;
  private static final int BATCH_ROWS = 500;

  private CommitCostProbe() {
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path durableDir = Files.createTempDirectory("vigil-commit-durable");
    Path fastDir = Files.createTempDirectory("vigil-commit-fast");
    try {
      try (EmbeddedDatabase durable = EmbeddedDatabase.start(durableDir, 0);
           EmbeddedPostgres fast = EmbeddedPostgres.builder()
               .setDataDirectory(fastDir.resolve("pg"))
               .setOverrideWorkingDirectory(Path.of(System.getProperty("java.io.tmpdir"), "vigil-embedded-pg").toFile())
               .setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("unix_socket_directories", "")
               .start()) {
        String durableUrl = "jdbc:postgresql://127.0.0.1:" + durable.port() + "/postgres";
        String fastUrl = "jdbc:postgresql://127.0.0.1:" + fast.getPort() + "/postgres";
        for (int round = 1; round <= rounds; round++) {
          report("durable (fsync on, synchronous_commit on)", round, durableUrl);
          report("zonky defaults (-F, synchronous_commit off)", round, fastUrl);
        }
      }
    } finally {
      // Both servers are stopped by now (closed above), also when a round failed.
      TestFiles.deleteTree(durableDir);
      TestFiles.deleteTree(fastDir);
    }
  }

  private static void report(String name, int round, String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS probe; CREATE TABLE probe (id bigint PRIMARY KEY, v double precision, m jsonb)");
      }
      c.setAutoCommit(false);
      double single = commitsPerSecond(c, SINGLE_COMMITS, 1, 0);
      double batched = commitsPerSecond(c, BATCHES, BATCH_ROWS, 1_000_000);
      System.out.printf("round %d %-44s single-row commits %7.0f /s   500-row batches %5.0f /s = %8.0f rows/s%n",
          round, name, single, batched, batched * BATCH_ROWS);
    }
  }

  private static double commitsPerSecond(Connection c, int commits, int rowsEach, long firstId) throws SQLException {
    long id = firstId;
    long start = System.nanoTime();
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO probe VALUES (?, ?, '{\"power_w\": 1.5}'::jsonb)")) {
      for (int i = 0; i < commits; i++) {
        for (int r = 0; r < rowsEach; r++) {
          insert.setLong(1, id++);
          insert.setDouble(2, r);
          insert.addBatch();
        }
        insert.executeBatch();
        c.commit();
      }
    }
    return commits / ((System.nanoTime() - start) / 1e9);
  }
}
