package dev.vigil.bench;

import dev.vigil.infra.VigilRuntime;
import dev.vigil.store.PgPools;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the bench measures besides arrivals: the processes whose CPU it can read (this JVM, the broker
 * and the PostgreSQL server when they run on this machine) and the readings tables' size on disk.
 * Says why a figure is unavailable rather than leaving it out silently.
 */
final class Infra implements AutoCloseable {

  /** Every table whose name starts with {@code readings}: the parent, its partitions, with their indexes and TOAST. */
  private static final String READINGS_BYTES = """
      SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::int8
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND c.relname LIKE 'readings%' AND n.nspname = current_schema()
      """;
  /** Whether any reading is stored, recent or compacted: one row of either table says so. */
  private static final String ANY_READING =
      "SELECT EXISTS (SELECT 1 FROM readings_recent) OR EXISTS (SELECT 1 FROM readings_blocks)";
  private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

  private final Pool pool;
  private final List<ProcessCpu> processes = new ArrayList<>();
  private final Map<String, String> unavailable = new LinkedHashMap<>();

  Infra(VigilRuntime runtime, boolean embeddedBroker, OptionalLong brokerPid) throws Exception {
    pool = PgPools.create(runtime.vertx(), runtime.pgUri(), 1);
    processes.add(new ProcessCpu("vigil", ProcessHandle.current().pid(), false));
    findBroker(runtime, embeddedBroker, brokerPid);
    findPostgres(runtime.pgUri());
  }

  private void findBroker(VigilRuntime runtime, boolean embedded, OptionalLong given) {
    if (embedded) {
      unavailable.put("broker_cpu", "the embedded broker runs in Vigil's JVM: its CPU is inside Vigil's figure");
      return;
    }
    OptionalLong pid = given.isPresent() ? given
        : LOCAL_HOSTS.contains(runtime.broker().host()) ? ProcessCpu.listeningOn(runtime.broker().port())
        : OptionalLong.empty();
    if (pid.isPresent() && ProcessCpu.stat(pid.getAsLong()).isPresent()) {
      processes.add(new ProcessCpu("broker", pid.getAsLong(), false));
    } else {
      unavailable.put("broker_cpu", "broker process not found on this machine (give --broker-pid)");
    }
  }

  private void findPostgres(String pgUri) throws Exception {
    if (!LOCAL_HOSTS.contains(URI.create(pgUri).getHost())) {
      unavailable.put("postgres_cpu", "PostgreSQL is not on this machine");
      return;
    }
    long backend = pool.query("SELECT pg_backend_pid()").execute().await(30, TimeUnit.SECONDS)
        .iterator().next().getInteger(0);
    OptionalLong postmaster = ProcessCpu.isPostgres(backend) ? ProcessCpu.parentOf(backend) : OptionalLong.empty();
    if (postmaster.isPresent()) {
      processes.add(new ProcessCpu("postgres", postmaster.getAsLong(), true));
    } else {
      unavailable.put("postgres_cpu", "cannot read /proc for PostgreSQL's processes");
    }
  }

  List<ProcessCpu> processes() {
    return processes;
  }

  Map<String, String> unavailable() {
    return unavailable;
  }

  /**
   * Refuses a database that already holds readings. The disk figures are what the readings tables grow by, and the
   * rollup passes and the compaction read whatever else lies in the hours they cover: a second run on the same day
   * against the first run's compacted blocks unpacked them in every rollup pass (6 to 12 s a pass instead of 2)
   * and measured that, not Vigil (docs/benchmarks.md, 2026-12-03).
   */
  void requireNoReadings() throws Exception {
    if (pool.query(ANY_READING).execute().await(30, TimeUnit.SECONDS).iterator().next().getBoolean(0)) {
      throw new DatabaseNotEmpty("the database at --pg-url already holds readings. The bench needs a database of its"
          + " own without any, since its disk, rollup and compaction figures would count them: create another"
          + " (createdb vigil_bench_2) and pass --pg-url postgresql://.../vigil_bench_2");
    }
  }

  /** A database the bench cannot measure on; its message says why and what to do. */
  static final class DatabaseNotEmpty extends RuntimeException {
    DatabaseNotEmpty(String message) {
      super(message);
    }
  }

  long readingsBytes() throws Exception {
    return pool.query(READINGS_BYTES).execute().await(30, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  @Override
  public void close() throws Exception {
    pool.close().await(10, TimeUnit.SECONDS);
  }
}
