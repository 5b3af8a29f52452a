package dev.vigil.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a device's readings of a range as CSV ({@code ts,seq,<metric>...,score,anomalous}) through a
 * server-side cursor, pausing the cursor whenever the output is full: memory stays flat however many
 * rows the range holds. Metric columns are the metrics the device sent in the range, sorted; a reading
 * without one of them leaves its cell empty.
 */
public final class ExportQueries {

  private static final int FETCH = 500;
  private static final String METRICS = """
      SELECT DISTINCT unnest(s.names) AS metric
        FROM (SELECT DISTINCT r.metric_set FROM device_keys k CROSS JOIN LATERAL vigil_device_readings(k.key, $2, $3) r
               WHERE k.id = $1) used
        JOIN metric_sets s ON s.key = used.metric_set
       ORDER BY metric""";
  private static final String ROWS = """
      SELECT r.ts, r.seq, s.names, r.vals, r.score, r.anomalous
        FROM device_keys k CROSS JOIN LATERAL vigil_device_readings(k.key, $2, $3) r
        JOIN metric_sets s ON s.key = r.metric_set
       WHERE k.id = $1 ORDER BY r.ts, r.seq LIMIT $4""";

  private final Pool pool;

  public ExportQueries(Pool pool) {
    this.pool = pool;
  }

  /** Writes the header and at most {@code maxRows} rows to {@code out} (not ended); returns the rows written. */
  public Future<Long> csv(String deviceId, Instant from, Instant to, long maxRows, WriteStream<Buffer> out) {
    Tuple range = Tuple.of(deviceId, QueryTimes.utc(from), QueryTimes.utc(to));
    return pool.preparedQuery(METRICS).execute(range).compose(rows -> {
      List<String> metrics = new ArrayList<>();
      rows.forEach(row -> metrics.add(row.getString("metric")));
      out.write(Buffer.buffer(header(metrics)));
      return pool.withTransaction(conn -> stream(conn, range.addLong(maxRows), metrics, out));
    });
  }

  private static Future<Long> stream(SqlConnection conn, Tuple args, List<String> metrics, WriteStream<Buffer> out) {
    return conn.prepare(ROWS).compose(statement -> {
      Promise<Long> done = Promise.promise();
      RowStream<Row> cursor = statement.createStream(FETCH, args);
      long[] written = {0};
      cursor.exceptionHandler(done::tryFail);
      cursor.endHandler(v -> done.tryComplete(written[0]));
      cursor.handler(row -> {
        out.write(Buffer.buffer(line(row, metrics)));
        written[0]++;
        if (out.writeQueueFull()) {
          cursor.pause();
          out.drainHandler(d -> cursor.resume());
        }
      });
      return done.future().eventually(() -> cursor.close());
    });
  }

  static String header(List<String> metrics) {
    StringBuilder b = new StringBuilder("ts,seq");
    metrics.forEach(m -> b.append(',').append(m));
    return b.append(",score,anomalous\n").toString();
  }

  private static String line(Row row, List<String> metrics) {
    JsonObject values = StoredValues.metrics(row.getArrayOfStrings("names"), row.getArrayOfDoubles("vals"));
    StringBuilder b = new StringBuilder(QueryTimes.iso(row, "ts")).append(',').append(row.getLong("seq"));
    for (String m : metrics) {
      Object v = values.getValue(m);
      b.append(',').append(v == null ? "" : v.toString());
    }
    return b.append(',').append(row.getDouble("score")).append(',').append(row.getBoolean("anomalous"))
        .append('\n').toString();
  }
}
