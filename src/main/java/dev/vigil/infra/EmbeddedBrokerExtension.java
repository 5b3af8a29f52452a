package dev.vigil.infra;

import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's one extension of the embedded broker. HiveMQ starts it after opening its storage and before
 * its listener accepts a client, the one moment its repairs after a kill -9 need.
 */
final class EmbeddedBrokerExtension implements ExtensionMain {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBrokerExtension.class);

  private final AnonymousAccess access;
  private final Supplier<EmbeddedHiveMQ> broker;
  private final boolean afterAbruptStop;

  EmbeddedBrokerExtension(AnonymousAccess access, Supplier<EmbeddedHiveMQ> broker, boolean afterAbruptStop) {
    this.access = access;
    this.broker = broker;
    this.afterAbruptStop = afterAbruptStop;
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    PublishIds.skipPastAnyIssuedBeforeTheStart();
    if (afterAbruptStop) {
      dropInFlightOrphans();
    }
    access.extensionStart(input, output);
  }

  private void dropInFlightOrphans() {
    try {
      int dropped = InFlightOrphans.dropAll(broker.get());
      if (dropped > 0) {
        LOG.warn("embedded MQTT broker: dropped {} message(s) sent before an abrupt stop whose payload did not"
            + " reach the disk; left in place they would have held back every later message of their session",
            dropped);
      }
    } catch (Exception e) {
      // The broker still works; only a session holding such an entry would stall (docs/reliability.md).
      LOG.error("embedded MQTT broker: could not look for in-flight messages without payload", e);
    }
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    access.extensionStop(input, output);
  }
}
