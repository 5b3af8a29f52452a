package dev.vigil.infra;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.session.SessionInformation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process MQTT broker of the zero-install mode: HiveMQ Community Edition, embedded. It keeps
 * sessions, subscriptions (shared ones too) and queued QoS 1 messages on disk under the data
 * directory, so a restart of the broker, clean or abrupt, loses nothing a device was told was safe.
 * Blocking: start and close from the main thread, never from an event loop.
 */
public final class EmbeddedBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
  /** Opening the on-disk persistence of a large queue takes a while; this only bounds a hung start. */
  private static final long START_TIMEOUT_S = 120;
  private static final long STOP_TIMEOUT_S = 60;

  /** Written once a stop completes, removed at start: without it, the last stop was abrupt. */
  private static final String STOPPED_CLEANLY = "broker-stopped-cleanly";

  private final EmbeddedHiveMQ hivemq;
  private final AnonymousAccess access;
  private final int port;
  private final Path stoppedCleanly;
  private boolean closed;

  private EmbeddedBroker(EmbeddedHiveMQ hivemq, AnonymousAccess access, int port, Path stoppedCleanly) {
    this.hivemq = hivemq;
    this.access = access;
    this.port = port;
    this.stoppedCleanly = stoppedCleanly;
  }

  private static final String STARTING = "Vigil is starting; connect again in a moment";
  private static final String STOPPING = "Vigil is stopping; connect again once it is back";

  /**
   * Starts a broker listening on all interfaces at {@code port}, keeping its configuration and data
   * under {@code dataDir}, and returns once it accepts connections from any client.
   */
  public static EmbeddedBroker start(int port, Path dataDir) throws IOException {
    return start(port, dataDir, new AnonymousAccess(clientId -> true, ""));
  }

  /**
   * Starts a broker that refuses every client until {@link #admitOnly} and {@link #openToDevices}
   * say otherwise: Vigil's own session must be back before any device message is acknowledged into
   * it. HiveMQ was seen to acknowledge, and then never deliver, a message published into a
   * disconnected persistent session just after a kill -9 restart (docs/decisions.md; the cause found
   * since, a clash of message numbers, is closed by {@link PublishIds}); a device refused meanwhile
   * keeps its reading and sends it again.
   */
  public static EmbeddedBroker startClosedToDevices(int port, Path dataDir) throws IOException {
    return start(port, dataDir, new AnonymousAccess(clientId -> false, STARTING));
  }

  private static EmbeddedBroker start(int port, Path dataDir, AnonymousAccess access) throws IOException {
    Path conf = Files.createDirectories(dataDir.resolve("conf"));
    Path data = Files.createDirectories(dataDir.resolve("data"));
    Path extensions = Files.createDirectories(dataDir.resolve("extensions"));
    EmbeddedBrokerSettings.write(conf, port);
    EmbeddedBrokerSettings.applyInFlightWindow();
    Path stoppedCleanly = dataDir.resolve(STOPPED_CLEANLY);
    // Only an abrupt stop leaves what InFlightOrphans looks for; a clean start skips reading every queue.
    boolean afterAbruptStop = !Files.deleteIfExists(stoppedCleanly);
    AtomicReference<EmbeddedHiveMQ> built = new AtomicReference<>();
    EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
        .withConfigurationFolder(conf)
        .withDataFolder(data)
        .withExtensionsFolder(extensions)
        .withEmbeddedExtension(EmbeddedExtension.builder()
            .withId("vigil-anonymous-access").withName("Vigil anonymous access")
            .withVersion("1").withAuthor("Vigil")
            .withExtensionMain(new EmbeddedBrokerExtension(access, built::get, afterAbruptStop)).build())
        // Logs go through Vigil's own SLF4J/logback configuration instead of HiveMQ's log files.
        .withoutLoggingBootstrap()
        .build();
    built.set(hivemq);
    try {
      hivemq.start().get(START_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the embedded MQTT broker", e);
    } catch (ExecutionException | TimeoutException e) {
      closeQuietly(hivemq);
      throw new IOException("cannot start the embedded MQTT broker on port " + port + ": " + rootMessage(e), e);
    }
    return new EmbeddedBroker(hivemq, access, port, stoppedCleanly);
  }

  public int port() {
    return port;
  }

  /** While Vigil starts: lets in only its own clients, those {@code own} accepts. */
  public void admitOnly(Predicate<String> own) {
    access.admitOnly(own, STARTING);
  }

  /** Vigil's session is back and subscribed: devices may publish. */
  public void openToDevices() {
    access.admitAll();
    LOG.info("embedded MQTT broker: open to devices");
  }

  /**
   * The first step of a graceful stop: refuses every new client whose id fails {@code own} and
   * disconnects the connected ones. From then on no device message can be acknowledged while
   * Vigil's own client leaves or the broker shuts down, the moments in which HiveMQ was seen to
   * acknowledge messages it then never delivered (docs/decisions.md); devices keep what was not
   * acknowledged and send it again when they reconnect to the restarted broker.
   */
  public void closeToDevices(Predicate<String> own) {
    access.admitOnly(own, STOPPING);
    List<CompletableFuture<Boolean>> disconnects = new ArrayList<>();
    try {
      Services.clientService().iterateAllClients((context, session) -> {
        if (session.isConnected() && !own.test(session.getClientIdentifier())) {
          // Without their last wills: the devices did not fail, Vigil is stopping.
          disconnects.add(Services.clientService().disconnectClient(session.getClientIdentifier(), true));
        }
      }).get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
      CompletableFuture.allOf(disconnects.toArray(CompletableFuture[]::new)).get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
      LOG.info("embedded MQTT broker: {} device connection(s) closed for the stop", disconnects.size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("embedded MQTT broker: could not close device connections before the stop: {}", rootMessage(e));
    }
  }

  /** Stops the broker; its persistence is closed cleanly, so the next start finds every session. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      hivemq.stop().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
      Files.writeString(stoppedCleanly, "the embedded broker's last stop completed\n");
    } catch (IOException e) {
      LOG.warn("embedded MQTT broker stopped, but could not note it ({}): the next start reads every queue",
          e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("embedded MQTT broker did not stop cleanly: {}", rootMessage(e));
    } finally {
      closeQuietly(hivemq);
    }
  }

  private static void closeQuietly(EmbeddedHiveMQ hivemq) {
    try {
      hivemq.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | RuntimeException e) {
      LOG.debug("closing the embedded MQTT broker: {}", rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
