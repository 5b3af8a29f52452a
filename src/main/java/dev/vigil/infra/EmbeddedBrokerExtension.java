package dev.vigil.infra;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;

/**
 * Vigil's one extension of the embedded broker. HiveMQ starts it after opening its storage and before
 * its listener accepts a client, the one moment both of its jobs need.
 */
final class EmbeddedBrokerExtension implements ExtensionMain {

  private final AnonymousAccess access;

  EmbeddedBrokerExtension(AnonymousAccess access) {
    this.access = access;
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    PublishIds.skipPastAnyIssuedBeforeTheStart();
    access.extensionStart(input, output);
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    access.extensionStop(input, output);
  }
}
