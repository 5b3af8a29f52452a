package dev.vigil.notify;

/**
 * The notification sender's settings (config keys notify.*).
 *
 * @param intervalMs    how often the outbox is drained when nothing wakes the sender earlier
 * @param batchSize     deliveries claimed per round
 * @param retry         backoff and the number of attempts before a delivery is given up
 * @param sendTimeoutMs longest one send may take (connect, request, answer); also its claim on the row
 * @param dashboardUrl  public address of the dashboard, linked from messages; "" for none
 * @param logRetentionDays days notified transitions and their deliveries stay in the log
 * @param smtp          the mail server
 */
public record NotifyConfig(long intervalMs, int batchSize, RetrySchedule retry, long sendTimeoutMs,
    String dashboardUrl, int logRetentionDays, Smtp smtp) {

  /**
   * @param starttls disabled, optional or required
   * @param from     sender address of emails whose channel gives none
   */
  public record Smtp(String host, int port, String starttls, boolean ssl, String username, String password,
      String from) {
  }
}
