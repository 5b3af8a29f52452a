package dev.vigil.infra;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.util.function.Predicate;

/**
 * Lets every client connect to the embedded broker, as a stock Mosquitto with allow_anonymous does:
 * HiveMQ refuses every connection while no authenticator is registered. The embedded broker is the
 * zero-install mode; a deployment that needs credentials runs its own broker (mosquitto/README.md).
 * While Vigil stops, only Vigil's own clients are let in ({@link #admitOnly}).
 */
final class AnonymousAccess implements ExtensionMain {

  private volatile Predicate<String> admitted = clientId -> true;

  private final SimpleAuthenticator authenticator = (input, output) -> {
    if (admitted.test(input.getConnectPacket().getClientId())) {
      output.authenticateSuccessfully();
    } else {
      output.failAuthentication("Vigil is stopping; connect again once it is back");
    }
  };

  /** From now on, only clients whose id passes {@code clientIds} may connect. */
  void admitOnly(Predicate<String> clientIds) {
    admitted = clientIds;
  }

  @Override
  public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
    Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
  }

  @Override
  public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    // HiveMQ drops the extension's registrations itself.
  }
}
