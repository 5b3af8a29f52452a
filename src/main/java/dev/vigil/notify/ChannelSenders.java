package dev.vigil.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.Locale;

/**
 * Sends one message on one channel, without blocking: SMTP through vertx-mail-client, the three HTTP
 * kinds through Vert.x's HTTP client (no redirects followed). A send succeeds on SMTP acceptance or an
 * HTTP 2xx; anything else fails with a short reason for the delivery log. Also sends a site's scheduled
 * report (dev.vigil.report.ReportJob) as an email attachment on an email channel.
 */
public final class ChannelSenders {

  private static final int MAX_REASON = 300;

  private final NotifyConfig config;
  private final MailClient mail;
  private final HttpClient http;

  public ChannelSenders(Vertx vertx, NotifyConfig config) {
    this.config = config;
    this.mail = MailClient.create(vertx, mailConfig(config.smtp()));
    this.http = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.sendTimeoutMs())));
  }

  Future<Void> send(Channel channel, Message message) {
    return switch (channel.type()) {
      case EMAIL -> email(channel, message);
      case WEBHOOK -> webhook(channel, message);
      case SLACK -> exchange(request(channel.settings().getString("url"), "application/json", message),
          message.slack().toBuffer());
      case NTFY -> ntfy(channel, message);
    };
  }

  public Future<Void> close() {
    return Future.all(mail.close(), http.close()).mapEmpty();
  }

  private Future<Void> email(Channel channel, Message message) {
    MailMessage mailMessage = mail(channel, message.title(), message.body());
    mailMessage.addHeader("X-Vigil-Delivery", Long.toString(message.deliveryId()));
    return mail.sendMail(mailMessage).mapEmpty();
  }

  /** An email with one attachment on an email channel, its recipients and sender as for alerts. */
  public Future<Void> emailWithAttachment(Channel channel, String subject, String text, MailAttachment attachment) {
    if (channel.type() != ChannelType.EMAIL) {
      return Future.failedFuture("channel " + channel.id() + " is not an email channel");
    }
    return mail.sendMail(mail(channel, subject, text).setAttachment(java.util.List.of(attachment))).mapEmpty();
  }

  private MailMessage mail(Channel channel, String subject, String text) {
    String from = channel.settings().getString("from");
    return new MailMessage()
        .setFrom(from != null ? from : config.smtp().from())
        .setTo(channel.settings().getJsonArray("to").stream().map(String::valueOf).toList())
        .setSubject(subject)
        .setText(text);
  }

  /** A webhook with a secret is signed: {@code X-Vigil-Signature: sha256=<hex HMAC-SHA256 of the body>}. */
  private Future<Void> webhook(Channel channel, Message message) {
    Buffer body = message.document().toBuffer();
    RequestOptions request = request(channel.settings().getString("url"), "application/json", message);
    String secret = channel.settings().getString("secret");
    if (secret != null) {
      request.putHeader(Signature.HEADER, Signature.of(secret, body.getBytes()));
    }
    return exchange(request, body);
  }

  /** ntfy reads the title, priority and tags from headers (ASCII only); the body is the text. */
  private Future<Void> ntfy(Channel channel, Message message) {
    RequestOptions request = request(channel.settings().getString("url"), "text/plain; charset=utf-8", message)
        .putHeader("Title", message.title().replaceAll("[^\\x20-\\x7e]", "?"))
        .putHeader("Priority", Integer.toString(message.ntfyPriority()))
        .putHeader("Tags", message.ntfyTags());
    String token = channel.settings().getString("token");
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return exchange(request, Buffer.buffer(message.body()));
  }

  private RequestOptions request(String url, String contentType, Message message) {
    return new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
        .setFollowRedirects(false).setIdleTimeout(config.sendTimeoutMs())
        .putHeader("Content-Type", contentType)
        .putHeader("User-Agent", "Vigil")
        .putHeader("X-Vigil-Delivery", Long.toString(message.deliveryId()));
  }

  private Future<Void> exchange(RequestOptions request, Buffer body) {
    return http.request(request)
        .compose(req -> req.send(body))
        .compose(ChannelSenders::expectSuccess);
  }

  private static Future<Void> expectSuccess(HttpClientResponse response) {
    return response.body().compose(answer -> {
      if (response.statusCode() / 100 == 2) {
        return Future.succeededFuture();
      }
      String text = answer.length() > MAX_REASON ? answer.getString(0, MAX_REASON) : answer.toString();
      return Future.failedFuture("HTTP " + response.statusCode() + (text.isBlank() ? "" : ": " + text.strip()));
    });
  }

  private static MailConfig mailConfig(NotifyConfig.Smtp smtp) {
    MailConfig mail = new MailConfig().setHostname(smtp.host()).setPort(smtp.port()).setSsl(smtp.ssl())
        .setStarttls(StartTLSOptions.valueOf(smtp.starttls().toUpperCase(Locale.ROOT)))
        .setMaxPoolSize(2)
        // a connection per message: notifications are rare, and an idle pooled one only goes stale
        .setKeepAlive(false);
    if (smtp.username() != null && !smtp.username().isEmpty()) {
      mail.setUsername(smtp.username()).setPassword(smtp.password()).setLogin(LoginOption.REQUIRED);
    } else {
      mail.setLogin(LoginOption.DISABLED);
    }
    return mail;
  }

  /** Short, single-line reason for the delivery log. */
  public static String reason(Throwable failure) {
    String text = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    text = text.replaceAll("\\s+", " ").strip();
    return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) : text;
  }

}
