package dev.vigil.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-install PostgreSQL, started as `vigil serve` starts it, keeps what it acknowledged
 * through an OS crash or power cut: not the embedded library's test defaults (-F, synchronous_commit off).
 */
class EmbeddedDatabaseDurabilityIT {

  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @Test
  void embeddedPostgresRunsWithFsyncSynchronousCommitAndFullPageWritesOn(@TempDir Path dataDir) throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
      assertThat(setting(db, "fsync")).isEqualTo("on");
      assertThat(setting(db, "synchronous_commit")).isEqualTo("on");
      assertThat(setting(db, "full_page_writes")).isEqualTo("on");
    }
  }

  private static String setting(EmbeddedDatabase db, String name) {
    Pool pool = PgBuilder.pool().connectingTo(PgConnectOptions.fromUri(db.uri())).using(vertx).build();
    try {
      return pool.query("SHOW " + name).execute().await().iterator().next().getString(0);
    } finally {
      pool.close().await();
    }
  }
}
