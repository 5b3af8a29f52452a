package dev.vigil.web.browser;

import dev.vigil.testsupport.TestInfra;
import java.sql.SQLException;

/** Waits, with a deadline, for what Vigil writes asynchronously (alerts, devices, rules) to show in the database. */
final class DbWait {

  private static final long DEADLINE_MS = 20_000;

  private DbWait() {
  }

  /** The first column of the first row of {@code sql}, once the query returns a non-null one. */
  static String value(String pgUri, String sql) throws SQLException, InterruptedException {
    long end = System.currentTimeMillis() + DEADLINE_MS;
    do {
      String value = TestInfra.queryString(pgUri, sql);
      if (value != null) {
        return value;
      }
      Thread.sleep(100);
    } while (System.currentTimeMillis() < end);
    throw new AssertionError("no value within " + DEADLINE_MS + " ms: " + sql);
  }

  /** Returns once the boolean query {@code sql} answers true. */
  static void until(String pgUri, String sql) throws SQLException, InterruptedException {
    long end = System.currentTimeMillis() + DEADLINE_MS;
    do {
      String answer = TestInfra.queryString(pgUri, sql);
      if ("t".equals(answer) || "true".equals(answer)) {
        return;
      }
      Thread.sleep(100);
    } while (System.currentTimeMillis() < end);
    throw new AssertionError("never true within " + DEADLINE_MS + " ms: " + sql);
  }
}
