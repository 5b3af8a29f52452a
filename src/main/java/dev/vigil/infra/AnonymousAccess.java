package dev.vigil.infra;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

/**
 * Lets every client connect to the embedded broker, as a stock Mosquitto with allow_anonymous does:
 * HiveMQ refuses every connection while no authenticator is registered. The embedded broker is the
 * zero-install mode; a deployment that needs credentials runs its own broker (mosquitto/README.md).
 */
final class AnonymousAccess implements ExtensionMain {

  private static final SimpleAuthenticator ALLOW_ALL = (input, output) -> output.authenticateSuccessfully();

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    Services.securityRegistry().setAuthenticatorProvider(providerInput -> ALLOW_ALL);
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    // HiveMQ drops the extension's registrations itself.
  }
}
